// How a job's schedule reads to a person (pure: no DOM, unit-tested in schedule-words.spec.ts).

const ISO_RE = /^R(\d*)\/([^/]*)\/([^/]*)$/i;
const PERIOD_RE = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const PERIOD_UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const plural = (n: number, unit: string): string => (n === 1 ? unit : `${n} ${unit}s`);

/** `PT1H` → `hour`, `PT5M` → `5 minutes`, `P1DT12H` → `1 day 12 hours`; undefined when not a period. */
export function periodInWords(period: string): string | undefined {
  const m = PERIOD_RE.exec(period.trim());
  if (!m || period.trim().toUpperCase() === 'P' || /T$/i.test(period.trim())) return undefined;
  const parts = PERIOD_UNITS.map((unit, i) => [Number(m[i + 1] ?? 0), unit] as const).filter(([n]) => n > 0);
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return plural(parts[0][0], parts[0][1]);
  return parts.map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`).join(' ');
}

/**
 * The start of an ISO schedule: an absolute instant in UTC (`2026-01-01 00:00 UTC`), or, with a
 * scheduleTimeZone, the wall clock as written in that zone (Chronos keeps the written time there).
 */
export function startInWords(start: string, timeZone = ''): string {
  if (start === '') return 'now';
  const wall = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?/i.exec(start);
  if (timeZone !== '' && wall) return `${wall[1]} ${wall[2]}${wall[3] && wall[3] !== ':00' ? wall[3] : ''} ${timeZone}`;
  const unmarked = !/(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(start);
  const date = new Date(unmarked && wall ? `${start}Z` : start);
  if (Number.isNaN(date.getTime())) return start;
  const iso = date.toISOString();
  const seconds = iso.slice(17, 19) === '00' ? '' : `:${iso.slice(17, 19)}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds} UTC`;
}

function isoInWords(m: RegExpExecArray, timeZone: string): string {
  const repeat = m[1] === '' ? -1 : Number(m[1]);
  const start = startInWords(m[2], timeZone);
  const period = periodInWords(m[3]);
  if (repeat === 0) return 'no runs left';
  if (repeat === 1) return m[2] === '' ? 'once, now' : `once at ${start}`;
  const every = period ? `every ${period}` : `every ${m[3]}`;
  const from = m[2] === '' ? 'from now' : `from ${start}`;
  return `${every} ${from}, ${repeat < 0 ? 'forever' : `${repeat} times`}`;
}

const MACROS: Record<string, string> = {
  '@hourly': 'every hour',
  '@daily': 'every day at 00:00',
  '@weekly': 'every Sunday at 00:00',
  '@monthly': 'on the 1st of every month at 00:00',
  '@yearly': 'every year on January 1st at 00:00',
  '@annually': 'every year on January 1st at 00:00',
};

const num = (s: string): number | undefined => (/^\d+$/.test(s) ? Number(s) : undefined);
const clock = (h: number, m: number): string => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;

/** The common 5-field shapes in words; undefined for anything else (the expression is shown as is). */
function cronFieldsInWords(fields: string[]): string | undefined {
  if (fields.length !== 5) return undefined;
  const [minute, hour, dom, month, dow] = fields;
  if (dom !== '*' || month !== '*') return undefined;
  const step = /^\*\/(\d+)$/.exec(minute);
  const m = num(minute);
  const h = num(hour);
  if (dow === '*') {
    if (minute === '*' && hour === '*') return 'every minute';
    if (step && hour === '*') return `every ${plural(Number(step[1]), 'minute')}`;
    if (m !== undefined && hour === '*') return m === 0 ? 'every hour' : `every hour at minute ${m}`;
    const hourStep = /^\*\/(\d+)$/.exec(hour);
    if (m !== undefined && hourStep) return `every ${plural(Number(hourStep[1]), 'hour')} at minute ${m}`;
    if (m !== undefined && h !== undefined) return `every day at ${clock(h, m)}`;
    return undefined;
  }
  const d = num(dow);
  if (m !== undefined && h !== undefined && d !== undefined && d <= 7) return `every ${DAYS[d % 7]} at ${clock(h, m)}`;
  if (m !== undefined && h !== undefined && /^(1-5|MON-FRI)$/i.test(dow)) return `every weekday at ${clock(h, m)}`;
  return undefined;
}

function cronInWords(expression: string, timeZone: string): string {
  const text = expression.trim();
  const words = MACROS[text.toLowerCase()] ?? cronFieldsInWords(text.split(/\s+/));
  const zone = timeZone && timeZone !== 'UTC' ? ` ${timeZone}` : '';
  return words ? `${words}${zone} (cron ${text})` : `on the cron schedule ${text}${zone}`;
}

/**
 * A job's schedule in words: `every hour from 2026-01-01 00:00 UTC, forever` (ISO 8601),
 * `every 5 minutes (cron *\/5 * * * *)` (cron), `after a, b` (a dependent job: pass its parents).
 */
export function scheduleInWords(schedule: string | undefined, parents: readonly string[] = [], timeZone = ''): string {
  if (parents.length > 0) return `after ${parents.join(', ')}`;
  if (schedule === undefined || schedule.trim() === '') return 'no schedule';
  const iso = ISO_RE.exec(schedule.trim());
  return iso ? isoInWords(iso, timeZone) : cronInWords(schedule, timeZone);
}
