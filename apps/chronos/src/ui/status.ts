// Badges from what the API tells (pure: no DOM, unit-tested in status.spec.ts).

export type Tone = 'ok' | 'warn' | 'bad' | 'info';

/** A job's state word: disabled, running (or `N running`), queued, failing (last run failed) or idle. */
export function jobState(job: { disabled: boolean; errorsSinceLastSuccess?: number }, summary?: { state: string; status: string }): { text: string; tone: Tone } {
  if (job.disabled) return { text: 'disabled', tone: 'info' };
  const state = summary?.state ?? 'idle';
  if (/running/.test(state)) return { text: state, tone: 'ok' };
  if (state === 'queued') return { text: 'queued', tone: 'warn' };
  if (summary?.status === 'failure' || (summary === undefined && (job.errorsSinceLastSuccess ?? 0) > 0)) return { text: 'failing', tone: 'bad' };
  return { text: 'idle', tone: 'ok' };
}

/** A run's state: success, failure, killed, skipped (finished) or queued, staging, running (active). */
export function runTone(state: string): Tone {
  if (state === 'success') return 'ok';
  if (state === 'failure') return 'bad';
  if (state === 'killed' || state === 'skipped' || state === 'queued') return 'warn';
  return 'info';
}

/** How long a run took, from its start (or launch) to its end: `850 ms`, `12 s`, `3 min 4 s`; `—` while unknown. */
export function runDuration(run: { launched?: string; started?: string; ended?: string }): string {
  const from = run.started ?? run.launched;
  if (!from || !run.ended) return '—';
  const ms = Math.max(0, Date.parse(run.ended) - Date.parse(from));
  if (Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
