/** Megabytes as a person reads them: `512 MB`, `1.5 GB`, `2.0 TB`. */
export function formatMb(mb: number): string {
  if (mb >= 1024 * 1024) return `${(mb / 1024 / 1024).toFixed(1)} TB`;
  if (mb >= 1024) return `${(mb / 1024).toFixed(1)} GB`;
  return `${Math.round(mb)} MB`;
}

/** CPUs with at most two decimals. */
export function formatCpus(cpus: number): string {
  return String(Math.round(cpus * 100) / 100);
}

/** A time given as epoch seconds, epoch milliseconds or an ISO string, as local date and time; `—` when absent. */
export function formatTime(value: number | string | undefined | null): string {
  if (value === undefined || value === null || value === '') return '—';
  const date = typeof value === 'number' ? new Date(value < 1e11 ? value * 1000 : value) : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** How long ago `then` was, relative to `now` (both ms): `5 s ago`, `3 min ago`, `2 h ago`, `4 d ago`. */
export function formatAgo(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}
