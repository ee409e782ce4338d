import { cronAfter, cronAtOrBefore, parseCron } from './cron';
import { firstIndexAfter, formatIso, looksLikeIso, occurrence, parseIso } from './iso';
import { cannotParse, Schedule, ScheduleError } from './types';
import { isValidTimeZone } from './zone';

/** Parses a Chronos `schedule` string, or a cron expression (our extension). Throws ScheduleError. */
export function parseSchedule(text: string, options: { readonly timeZone?: string; readonly nowMs: number }): Schedule {
  const zone = options.timeZone === undefined || options.timeZone === '' ? undefined : options.timeZone;
  // Chronos silently fell back to GMT for unknown zones, which moved jobs by hours; we refuse instead.
  if (zone !== undefined && !isValidTimeZone(zone)) throw new ScheduleError(`Invalid scheduleTimeZone '${zone}'`);
  if (typeof text !== 'string' || text.trim() === '') throw cannotParse(String(text ?? ''), 'schedule is empty');
  if (looksLikeIso(text.trim())) return parseIso(text, zone, options.nowMs);
  return parseCron(text, zone ?? 'UTC', options.nowMs);
}

/** ISO: `R<n>/<next due>/<period>`; cron: the expression unchanged. */
export function formatSchedule(schedule: Schedule): string {
  return schedule.kind === 'iso' ? formatIso(schedule) : schedule.expression;
}

/** The due time of the next run, or undefined when none is left. ISO ignores `fromMs`: an overdue run is still due. */
export function nextDue(schedule: Schedule, fromMs: number): number | undefined {
  if (schedule.kind === 'cron') return cronAfter(schedule, fromMs - 1);
  if (schedule.repeat === 0) return undefined;
  return occurrence(schedule, schedule.index);
}

/**
 * Consumes the run due at `dueMs`, launched or skipped at `nowMs` (Chronos' skipForward). Runs missed while
 * the scheduler was down collapse into this one: the index jumps past `max(nowMs, dueMs)`, repeat drops by one.
 */
export function consume(
  schedule: Schedule,
  dueMs: number,
  nowMs: number,
): { readonly schedule: Schedule; readonly nextDue: number | undefined } {
  const after = Math.max(nowMs, dueMs);
  if (schedule.kind === 'cron') return { schedule, nextDue: cronAfter(schedule, after) };
  if (schedule.repeat === 0) return { schedule, nextDue: undefined };
  // At least one step, so a consume with a stale dueMs still uses up the pending run.
  const index = Math.max(schedule.index + 1, firstIndexAfter(schedule, after));
  const repeat = schedule.repeat < 0 ? -1 : schedule.repeat - 1;
  const next = { ...schedule, index, repeat };
  return { schedule: next, nextDue: nextDue(next, nowMs) };
}

/**
 * The latest occurrence at or before `nowMs`, from the pending one due at `dueMs` on (`dueMs` itself when
 * no later one has come yet): how late a run of collapsed missed occurrences really is (for `epsilon`).
 */
export function latestDue(schedule: Schedule, dueMs: number, nowMs: number): number {
  if (nowMs <= dueMs) return dueMs;
  if (schedule.kind === 'cron') return Math.max(dueMs, cronAtOrBefore(schedule, nowMs) ?? dueMs);
  if (schedule.repeat === 0) return dueMs;
  const last = schedule.repeat < 0 ? Infinity : schedule.index + schedule.repeat - 1;
  const k = Math.min(firstIndexAfter(schedule, nowMs) - 1, last);
  return k > schedule.index ? Math.max(dueMs, occurrence(schedule, k)) : dueMs;
}

/** The next `count` due times as the scheduler would run them from `fromMs` (an overdue ISO run comes first). */
export function upcoming(schedule: Schedule, fromMs: number, count: number): number[] {
  const out: number[] = [];
  let current = schedule;
  let due = nextDue(current, fromMs);
  while (due !== undefined && out.length < count) {
    out.push(due);
    const step = consume(current, due, fromMs);
    current = step.schedule;
    due = step.nextDue;
  }
  return out;
}
