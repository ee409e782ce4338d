import { ScheduleError } from './types';

const SECOND_MS = 1000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Mean Gregorian year; only used to estimate how many periods fit into a span and to bound period length. */
const MEAN_YEAR_MS = 365.2425 * DAY_MS;
const MAX_PERIOD_MS = 1000 * MEAN_YEAR_MS;

/** A parsed ISO-8601 duration, split into calendar (wall-clock) and absolute (elapsed-time) parts. */
export interface Period {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  /** Hours, minutes and seconds: elapsed time, unaffected by DST. */
  readonly timeMs: number;
  /** True when any of years/months/weeks/days is set, i.e. the zone's calendar matters. */
  readonly calendar: boolean;
  /** Average length, for estimating occurrence indexes (months and years vary in length). */
  readonly approxMs: number;
}

export type PeriodProblem = 'syntax' | 'not-positive' | 'too-long';

const PERIOD_RE =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Parses an (upper-cased) ISO-8601 duration such as 'P1Y2M3DT4H5M6S' or 'P2W'. */
export function readPeriod(text: string): { ok: true; period: Period } | { ok: false; problem: PeriodProblem } {
  if (/^-P|^P.*-/.test(text)) return { ok: false, problem: 'not-positive' };
  const m = PERIOD_RE.exec(text);
  // 'P' alone and a dangling 'T' match the regex with every group empty; ISO-8601 requires a component.
  if (!m || text === 'P' || text.endsWith('T')) return { ok: false, problem: 'syntax' };
  const [years, months, weeks, days, hours, minutes] = m.slice(1, 7).map((g) => (g ? Number(g) : 0));
  const seconds = m[7] ? Number(m[7].replace(',', '.')) : 0;
  const timeMs = Math.round(hours * HOUR_MS + minutes * 60_000 + seconds * SECOND_MS);
  const approxMs =
    years * MEAN_YEAR_MS + months * (MEAN_YEAR_MS / 12) + (weeks * 7 + days) * DAY_MS + timeMs;
  if (approxMs <= 0 || (timeMs === 0 && years + months + weeks + days === 0)) {
    return { ok: false, problem: 'not-positive' };
  }
  // Beyond this, occurrences leave the range of JavaScript dates within a few steps: certainly a typo.
  if (approxMs > MAX_PERIOD_MS) return { ok: false, problem: 'too-long' };
  const calendar = years + months + weeks + days > 0;
  return { ok: true, period: { years, months, weeks, days, timeMs, calendar, approxMs } };
}

/** The user-facing reason for a period problem inside a schedule, e.g. "period 'PT0S' must be positive". */
export function describeProblem(text: string, problem: PeriodProblem): string {
  switch (problem) {
    case 'syntax':
      return `invalid period '${text}' (expected ISO-8601 like 'PT30M', 'P1D', 'P2W' or 'P1Y2M3DT4H5M6S')`;
    case 'not-positive':
      return `period '${text}' must be positive`;
    case 'too-long':
      return `period '${text}' is too long (at most 1000 years)`;
  }
}

const DURATION_PROBLEMS: Record<PeriodProblem, string> = {
  syntax: "expected an ISO-8601 duration like 'PT60S', 'PT1M' or 'P1D'",
  'not-positive': 'must be positive',
  'too-long': 'must be at most 1000 years',
};

/**
 * ISO-8601 duration to milliseconds (for `epsilon`). Calendar units use fixed lengths (D = 24 h, W = 7 D,
 * M = 30 D, Y = 365 D) because an epsilon is a tolerance, not a calendar position.
 */
export function durationMs(text: string): number {
  const normalized = typeof text === 'string' ? text.trim().toUpperCase() : '';
  const read = readPeriod(normalized);
  if (!read.ok) throw new ScheduleError(`Invalid duration '${text}': ${DURATION_PROBLEMS[read.problem]}`);
  const p = read.period;
  return (p.years * 365 + p.months * 30 + p.weeks * 7 + p.days) * DAY_MS + p.timeMs;
}
