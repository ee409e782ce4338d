import { isTerminal, type TaskStatus } from '@strato/domain';
import { fireChildren } from './children';
import { CoreContext, logError, withRun } from './context';
import type { Launcher } from './launcher';
import { Outcome, parseTaskId, planRunEnded } from './plan';
import type { NotificationKind } from './ports';
import type { JobRecord, Run, RunRecord } from './types';

type Effect = 'started' | 'staging' | Outcome | 'requeue' | 'ignore';

/** What a status update means for a run (Chronos: LOST counts as a failure, KILLED does not). */
export function effectOf(status: TaskStatus, run: Run): Effect {
  switch (status.state) {
    case 'TASK_STAGING':
      return 'staging';
    case 'TASK_STARTING':
    case 'TASK_RUNNING':
      return 'started';
    case 'TASK_FINISHED':
      return 'success';
    case 'TASK_KILLED':
      return 'killed';
    case 'TASK_FAILED':
    case 'TASK_ERROR':
    case 'TASK_LOST':
      return 'failure';
    case 'TASK_DROPPED':
    case 'TASK_GONE':
    case 'TASK_GONE_BY_OPERATOR':
    case 'TASK_UNKNOWN':
      // A task that never started and that the master does not know (say, Chronos stopped between
      // persisting the launch and sending it) simply runs again: no failure was observed.
      if (run.startedMs !== undefined || (status.state !== 'TASK_DROPPED' && status.reason !== 'REASON_RECONCILIATION')) return 'failure';
      // An answer from before this launch (about an earlier one of the same task id) changes nothing.
      return status.timestamp * 1000 < (run.launchedMs ?? 0) ? 'ignore' : 'requeue';
    default:
      return 'ignore'; // TASK_KILLING, TASK_UNREACHABLE: the run goes on until a final state
  }
}

interface Pending {
  readonly changed: Map<string, JobRecord>;
  readonly finished: RunRecord[];
  readonly fired: string[];
  readonly notices: { kind: NotificationKind; job: JobRecord; run: Run; message: string }[];
  readonly orphans: TaskStatus[];
}

/** Applies status updates to runs: one durable write per batch (with the launches they allow), then notifications and kills. */
export class StatusHandler {
  constructor(
    private readonly ctx: CoreContext,
    private readonly launcher: Launcher,
  ) {}

  async updates(statuses: readonly TaskStatus[]): Promise<void> {
    const now = this.ctx.clock.now();
    const p: Pending = { changed: new Map(), finished: [], fired: [], notices: [], orphans: [] };
    for (const status of statuses) {
      const job = this.current(p, status.taskId);
      const run = job?.active.find((r) => r.taskId === status.taskId);
      if (!job || !run) {
        if (parseTaskId(status.taskId) && !isTerminal(status.state)) p.orphans.push(status);
        continue;
      }
      this.apply(p, job, run, status, effectOf(status, run), now);
    }
    fireChildren(this.ctx.book, p.changed, p.fired, now);
    await this.launcher.commit({ jobs: [...p.changed.values()], finished: p.finished });
    for (const n of p.notices) this.ctx.notifier.notify(n.kind, n.job.definition, n.run, n.message);
    for (const o of p.orphans) void this.ctx.driver()?.kill(o.taskId, o.agentId).catch(logError(this.ctx, `kill of unknown task ${o.taskId} failed`));
  }

  private current(p: Pending, taskId: string): JobRecord | undefined {
    const known = this.ctx.book.jobOfTask(taskId);
    return known && (p.changed.get(known.definition.name) ?? known);
  }

  private apply(p: Pending, job: JobRecord, run: Run, status: TaskStatus, effect: Effect, now: number): void {
    const name = job.definition.name;
    if (effect === 'requeue') {
      // Back in the queue, not counted as a failure: the launch below may place it again at once.
      p.changed.set(name, withRun(job, { ...run, state: 'queued', launchedMs: undefined, agentId: undefined, hostname: undefined }));
      return;
    }
    if (effect === 'started' || effect === 'staging') {
      const state = effect === 'started' ? 'running' : run.state === 'queued' ? 'staging' : run.state;
      const startedMs = effect === 'started' ? (run.startedMs ?? now) : run.startedMs;
      if (state !== run.state || startedMs !== run.startedMs || status.agentId !== run.agentId) {
        p.changed.set(name, withRun(job, { ...run, state, startedMs, agentId: status.agentId || run.agentId, message: status.message || run.message }));
      }
      return;
    }
    if (effect !== 'success' && effect !== 'failure' && effect !== 'killed') return;
    const ended = { ...run, agentId: status.agentId || run.agentId };
    const decision = planRunEnded(withRun(job, ended), run.taskId, effect, status.message, {
      nowMs: now,
      failureRetryMs: this.ctx.config.failureRetryMs,
      disableAfterFailures: this.ctx.config.disableAfterFailures,
    });
    if (!decision) return;
    p.changed.set(name, decision.record);
    p.finished.push(decision.history);
    this.ctx.metrics.increment(`chronos/runs_${effect}`);
    if (decision.fireChildren) p.fired.push(name);
    if (decision.notify) p.notices.push({ kind: decision.notify, job: decision.record, run, message: status.message });
  }
}
