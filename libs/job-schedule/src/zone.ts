import { DateTime, IANAZone } from 'luxon';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** True for IANA zone names the runtime knows ('America/New_York', 'UTC'); false for 'Mars/Base' and ''. */
export function isValidTimeZone(zone: string): boolean {
  return typeof zone === 'string' && zone.length > 0 && IANAZone.isValidZone(zone);
}

/** Offset of `zone` at instant `ms`, in minutes east of UTC. */
function offsetMinutes(zone: string, ms: number): number {
  return IANAZone.create(zone).offset(ms);
}

/**
 * The wall clock of instant `ms` in `zone`, encoded as if it were a UTC instant ("wall ms").
 * Calendar arithmetic is done on wall ms so that it is pure Gregorian math, free of offsets.
 */
export function wallOf(ms: number, zone: string): number {
  return ms + offsetMinutes(zone, ms) * MINUTE_MS;
}

/**
 * The instant at which the wall clock `wallMs` occurs in `zone`.
 * - Ambiguous (fall-back overlap): the earlier instant, unless `preferredOffset` (minutes) is one of the valid
 *   readings — that lets a printed start like `01:30-05:00` survive a round trip through the zone rule.
 * - Non-existent (spring-forward gap): read with the offset from before the transition, which moves the time
 *   forward by the gap (02:30 → 03:30 in New York), the same as luxon and cron-parser do.
 */
export function instantOf(wallMs: number, zone: string, preferredOffset?: number): number {
  // Offsets around the wall time cover both sides of any transition (transitions are never a day apart).
  const candidates = new Set([
    offsetMinutes(zone, wallMs - DAY_MS),
    offsetMinutes(zone, wallMs),
    offsetMinutes(zone, wallMs + DAY_MS),
  ]);
  const valid = [...candidates].filter((o) => offsetMinutes(zone, wallMs - o * MINUTE_MS) === o);
  if (preferredOffset !== undefined && valid.includes(preferredOffset)) return wallMs - preferredOffset * MINUTE_MS;
  if (valid.length > 0) return wallMs - Math.max(...valid) * MINUTE_MS;
  return wallMs - Math.min(...candidates) * MINUTE_MS;
}

/** ISO-8601 with milliseconds and the zone's offset, as Chronos prints it: `2026-03-08T03:30:00.000-04:00`. */
export function formatInZone(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: false }) ?? new Date(ms).toISOString();
}
