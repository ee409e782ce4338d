import { DateTime } from 'luxon';
import { describeProblem, Period, readPeriod } from './period';
import { cannotParse, IsoSchedule } from './types';
import { formatInZone, instantOf, wallOf } from './zone';

const MINUTE_MS = 60_000;
const ISO_RE = /^R(\d*)\/([^/]*)\/([^/]*)$/i;
/** An explicit `Z` or `±hh[:mm]` at the end of a start; decides whether its offset may disambiguate. */
const OFFSET_RE = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** True when `text` is meant as an ISO repeating interval rather than a cron expression. */
export function looksLikeIso(text: string): boolean {
  return /^R\d*\//i.test(text);
}

/** Parses `R[n]/<start>/<period>`; `zone` is the scheduleTimeZone option (already validated) or undefined. */
export function parseIso(text: string, zone: string | undefined, nowMs: number): IsoSchedule {
  const m = ISO_RE.exec(text.trim());
  if (!m) throw cannotParse(text, "expected 'R[n]/<start>/<period>', e.g. 'R/2026-01-01T09:00:00Z/P1D'");
  const repeat = m[1] === '' ? -1 : Number(m[1]);
  if (!Number.isSafeInteger(repeat)) throw cannotParse(text, `repeat count 'R${m[1]}' is too large`);
  const period = m[3].toUpperCase();
  const read = readPeriod(period);
  if (!read.ok) throw cannotParse(text, describeProblem(m[3], read.problem));
  const anchorMs = readStart(text, m[2], zone, nowMs);
  return { kind: 'iso', repeat, anchorMs, index: 0, period, timeZone: zone ?? 'UTC' };
}

/**
 * The anchor instant. Chronos rule: with a scheduleTimeZone the written wall clock is kept and re-read in that
 * zone (a written offset only breaks fall-back ambiguity); without one the start is absolute (UTC if unmarked).
 */
function readStart(text: string, start: string, zone: string | undefined, nowMs: number): number {
  if (start === '') return nowMs;
  // Upper-casing accepts 't'/'z' written in lower case, which luxon's ISO parser refuses.
  const dt = DateTime.fromISO(start.toUpperCase(), { setZone: true, zone: 'UTC' });
  if (!dt.isValid) throw cannotParse(text, `invalid start '${start}' (expected ISO-8601 like '2026-01-01T09:00:00Z')`);
  let anchorMs = dt.toMillis();
  if (zone !== undefined) {
    const wall = anchorMs + dt.offset * MINUTE_MS;
    anchorMs = instantOf(wall, zone, OFFSET_RE.test(start) ? dt.offset : undefined);
  }
  if (anchorMs < 0) throw cannotParse(text, `start '${start}' is before 1970-01-01`);
  return anchorMs;
}

function periodOf(schedule: IsoSchedule): Period {
  const read = readPeriod(schedule.period);
  // Schedules only come from parseIso, so this is a programming error, not user input.
  if (!read.ok) throw new Error(`Corrupt schedule period '${schedule.period}'`);
  return read.period;
}

/**
 * Occurrence k, computed from the anchor (never by repeated addition) so month-end and Feb 29 anchors are
 * clamped per occurrence instead of drifting: Jan 31 + 1M = Feb 28, + 2M = Mar 31.
 * Calendar units move the wall clock in the zone; time units are elapsed time added afterwards.
 */
export function occurrence(schedule: IsoSchedule, k: number, period: Period = periodOf(schedule)): number {
  // k = 0 is the anchor itself, even when its wall clock is ambiguous and instantOf would pick the other reading.
  if (k === 0) return schedule.anchorMs;
  if (!period.calendar) return schedule.anchorMs + k * period.timeMs;
  const wall = DateTime.fromMillis(wallOf(schedule.anchorMs, schedule.timeZone), { zone: 'UTC' })
    .plus({ years: k * period.years, months: k * period.months, weeks: k * period.weeks, days: k * period.days })
    .toMillis();
  return instantOf(wall, schedule.timeZone) + k * period.timeMs;
}

/**
 * The smallest k ≥ 0 with occurrence(k) > t. Time-only periods are exact arithmetic; calendar periods are
 * estimated with the mean period length and then corrected by a few steps (months vary by ±2 days, DST by an
 * hour), so the cost does not grow with k.
 */
export function firstIndexAfter(schedule: IsoSchedule, t: number): number {
  if (schedule.anchorMs > t) return 0;
  const period = periodOf(schedule);
  if (!period.calendar) return Math.floor((t - schedule.anchorMs) / period.timeMs) + 1;
  let k = Math.max(0, Math.floor((t - schedule.anchorMs) / period.approxMs));
  while (k > 0 && occurrence(schedule, k, period) > t) k--;
  while (occurrence(schedule, k + 1, period) <= t) k++;
  return k + 1;
}

/** `R<n>/<next due in the zone>/<period>`: Chronos restarts the interval at the next due run when it saves. */
export function formatIso(schedule: IsoSchedule): string {
  const repeat = schedule.repeat < 0 ? '' : String(schedule.repeat);
  const start = formatInZone(occurrence(schedule, schedule.index), schedule.timeZone);
  return `R${repeat}/${start}/${schedule.period}`;
}
