/** An ISO-8601 repeating interval (`R[n]/<start>/<period>`), the schedule format Chronos stores. */
export interface IsoSchedule {
  readonly kind: 'iso';
  /** Runs left: -1 = forever (`R`), 0 = never again (`R0`), n = `Rn`. */
  readonly repeat: number;
  /** The first occurrence as written (absolute epoch ms, after applying the zone rule). */
  readonly anchorMs: number;
  /** How many occurrences have been consumed since the anchor; the next due is occurrence(anchor, index). */
  readonly index: number;
  /** The ISO-8601 period text as given, upper-cased, e.g. 'P1D', 'PT24H', 'P1Y2M3DT4H5M6S', 'P2W'. */
  readonly period: string;
  /** IANA zone in which calendar periods are added ('UTC' when none was given). */
  readonly timeZone: string;
}

/** A cron expression (our extension to Chronos). */
export interface CronSchedule {
  readonly kind: 'cron';
  /** 5 fields (minute..day-of-week) or 6 (seconds first); also the @hourly/@daily/@weekly/@monthly/@yearly/@annually macros. */
  readonly expression: string;
  readonly timeZone: string;
}

export type Schedule = IsoSchedule | CronSchedule;

/** Bad schedule, period, epsilon or zone; `message` is shown to API users verbatim. */
export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    // Keeps `err.name` meaningful in logs even after transpilation to ES5-style classes.
    this.name = 'ScheduleError';
  }
}

/** The uniform prefix for every schedule-text error, so API users always see which input was refused. */
export function cannotParse(text: string, reason: string): ScheduleError {
  return new ScheduleError(`Cannot parse schedule '${text}': ${reason}`);
}
