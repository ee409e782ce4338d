const UNITS: Record<string, number> = {
  ns: 1e-6, nsecs: 1e-6, us: 1e-3, usecs: 1e-3, ms: 1, msecs: 1,
  s: 1000, sec: 1000, secs: 1000, m: 60_000, min: 60_000, mins: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
};

/** Parses Mesos durations (`15secs`, `1mins`, `100ms`, `2hrs`) and plain seconds (`15`) into ms. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) throw new Error(`invalid duration '${text}': expected e.g. 15secs, 100ms or 1mins`);
  const unit = match[2].toLowerCase();
  const factor = unit === '' ? 1000 : UNITS[unit];
  if (factor === undefined) throw new Error(`invalid duration '${text}': unknown unit '${match[2]}'`);
  return Number(match[1]) * factor;
}

export function formatDuration(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}mins`;
  if (ms % 1000 === 0) return `${ms / 1000}secs`;
  return `${ms}ms`;
}
