import { parseSchedule, upcoming } from './schedule';
import { IsoSchedule, ScheduleError } from './types';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-01-15T12:00:00Z');
const iso = (text: string, timeZone?: string, nowMs = NOW) => parseSchedule(text, { timeZone, nowMs }) as IsoSchedule;
/** The first `n` occurrences as ISO strings in UTC, for readable expectations. */
const firstN = (s: IsoSchedule, n: number) => upcoming(s, s.anchorMs, n).map((ms) => new Date(ms).toISOString());

describe('parseSchedule (ISO)', () => {
  it('reads repeat counts', () => {
    expect(iso('R/2026-01-01T00:00:00Z/P1D').repeat).toBe(-1);
    expect(iso('R0/2026-01-01T00:00:00Z/P1D').repeat).toBe(0);
    expect(iso('R5/2026-01-01T00:00:00Z/P1D').repeat).toBe(5);
  });

  it('keeps an absolute start when no zone is given, and computes in UTC', () => {
    expect(iso('R/2026-01-01T09:00:00+05:00/P1D')).toEqual({
      kind: 'iso', repeat: -1, anchorMs: at('2026-01-01T04:00:00Z'), index: 0, period: 'P1D', timeZone: 'UTC',
    });
    expect(iso('R/2026-01-01T09:00:00/P1D').anchorMs).toBe(at('2026-01-01T09:00:00Z'));
  });

  it('re-reads the written wall clock in scheduleTimeZone (keepLocalTime), ignoring Z or an offset', () => {
    expect(iso('R/2026-01-01T09:00:00Z/P1D', 'America/New_York').anchorMs).toBe(at('2026-01-01T14:00:00Z'));
    expect(iso('R/2026-01-01T09:00:00+05:00/P1D', 'America/New_York').anchorMs).toBe(at('2026-01-01T14:00:00Z'));
    expect(iso('R/2026-01-01T09:00:00/P1D', 'America/New_York').timeZone).toBe('America/New_York');
  });

  it('resolves an ambiguous start to the earlier instant unless its offset picks the other one', () => {
    expect(iso('R/2026-11-01T01:30:00/PT1H', 'America/New_York').anchorMs).toBe(at('2026-11-01T05:30:00Z'));
    expect(iso('R/2026-11-01T01:30:00-05:00/PT1H', 'America/New_York').anchorMs).toBe(at('2026-11-01T06:30:00Z'));
  });

  it('uses now for an empty start', () => {
    expect(iso('R3//PT1H').anchorMs).toBe(NOW);
    expect(iso('R3//PT1H', 'Europe/Berlin').anchorMs).toBe(NOW);
  });

  it('normalises lower case', () => {
    expect(iso('r2/2026-01-01t09:00:00z/p1dt2h')).toMatchObject({ repeat: 2, anchorMs: at('2026-01-01T09:00:00Z'), period: 'P1DT2H' });
  });

  it('treats an empty scheduleTimeZone as none', () => {
    expect(iso('R/2026-01-01T09:00:00+01:00/P1D', '').anchorMs).toBe(at('2026-01-01T08:00:00Z'));
  });

  it.each([
    ['R/x/PT1H', "Cannot parse schedule 'R/x/PT1H': invalid start 'x' (expected ISO-8601 like '2026-01-01T09:00:00Z')"],
    ['R/1969-12-31T23:59:59Z/P1D', "Cannot parse schedule 'R/1969-12-31T23:59:59Z/P1D': start '1969-12-31T23:59:59Z' is before 1970-01-01"],
    ['R/2026-01-01T00:00:00Z/PT0S', "Cannot parse schedule 'R/2026-01-01T00:00:00Z/PT0S': period 'PT0S' must be positive"],
    ['R/2026-01-01T00:00:00Z/P-1D', "Cannot parse schedule 'R/2026-01-01T00:00:00Z/P-1D': period 'P-1D' must be positive"],
    ['R/2026-01-01T00:00:00Z/-P1D', "Cannot parse schedule 'R/2026-01-01T00:00:00Z/-P1D': period '-P1D' must be positive"],
    ['R//P5000Y', "Cannot parse schedule 'R//P5000Y': period 'P5000Y' is too long (at most 1000 years)"],
    ['R//P1X', "Cannot parse schedule 'R//P1X': invalid period 'P1X' (expected ISO-8601 like 'PT30M', 'P1D', 'P2W' or 'P1Y2M3DT4H5M6S')"],
    ['R//', "Cannot parse schedule 'R//': invalid period '' (expected ISO-8601 like 'PT30M', 'P1D', 'P2W' or 'P1Y2M3DT4H5M6S')"],
    ['R/2026-01-01T00:00:00Z', "Cannot parse schedule 'R/2026-01-01T00:00:00Z': expected 'R[n]/<start>/<period>', e.g. 'R/2026-01-01T09:00:00Z/P1D'"],
    ['R1/a/PT1H/b', "Cannot parse schedule 'R1/a/PT1H/b': expected 'R[n]/<start>/<period>', e.g. 'R/2026-01-01T09:00:00Z/P1D'"],
    ['R99999999999999999999//P1D', "Cannot parse schedule 'R99999999999999999999//P1D': repeat count 'R99999999999999999999' is too large"],
  ])('refuses %s', (text, message) => {
    expect(() => iso(text)).toThrow(ScheduleError);
    expect(() => iso(text)).toThrow(message);
  });

  it('refuses an unknown scheduleTimeZone instead of falling back to GMT', () => {
    expect(() => iso('R/2026-01-01T00:00:00Z/P1D', 'Mars/Base')).toThrow(new ScheduleError("Invalid scheduleTimeZone 'Mars/Base'"));
  });
});

describe('occurrences across DST', () => {
  it('P1D keeps 09:00 local in New York (spring and fall)', () => {
    expect(firstN(iso('R/2026-03-06T09:00:00/P1D', 'America/New_York'), 4)).toEqual([
      '2026-03-06T14:00:00.000Z', '2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z',
    ]);
    expect(firstN(iso('R/2026-10-31T09:00:00/P1D', 'America/New_York'), 3)).toEqual([
      '2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z',
    ]);
  });

  it('P1D at 02:30 runs at 03:30 on the spring-forward day and 02:30 again after', () => {
    expect(firstN(iso('R/2026-03-07T02:30:00/P1D', 'America/New_York'), 3)).toEqual([
      '2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z',
    ]);
    expect(firstN(iso('R/2026-03-28T02:30:00/P1D', 'Europe/Berlin'), 3)).toEqual([
      '2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z',
    ]);
  });

  it('P1D on an ambiguous fall-back wall clock runs once, at the earlier instant', () => {
    expect(firstN(iso('R/2026-10-24T02:30:00/P1D', 'Europe/Berlin'), 3)).toEqual([
      '2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('P1D keeps 09:00 local in Berlin', () => {
    expect(firstN(iso('R/2026-03-28T09:00:00/P1D', 'Europe/Berlin'), 2)[1]).toBe('2026-03-29T07:00:00.000Z');
    expect(firstN(iso('R/2026-10-24T09:00:00/P1D', 'Europe/Berlin'), 2)[1]).toBe('2026-10-25T08:00:00.000Z');
  });

  it('PT24H is elapsed time, so the local time shifts by an hour', () => {
    expect(firstN(iso('R/2026-03-07T09:00:00/PT24H', 'America/New_York'), 2)[1]).toBe('2026-03-08T14:00:00.000Z'); // 10:00 EDT
    expect(firstN(iso('R/2026-10-31T09:00:00/PT24H', 'America/New_York'), 2)[1]).toBe('2026-11-01T13:00:00.000Z'); // 08:00 EST
    expect(firstN(iso('R/2026-03-28T09:00:00/PT24H', 'Europe/Berlin'), 2)[1]).toBe('2026-03-29T08:00:00.000Z'); // 10:00 CEST
    expect(firstN(iso('R/2026-10-24T09:00:00/PT24H', 'Europe/Berlin'), 2)[1]).toBe('2026-10-25T07:00:00.000Z'); // 08:00 CET
  });

  it('P1DT1H adds a calendar day, then an elapsed hour', () => {
    expect(firstN(iso('R/2026-03-07T09:00:00/P1DT1H', 'America/New_York'), 2)[1]).toBe('2026-03-08T14:00:00.000Z');
  });
});

describe('calendar periods from the anchor', () => {
  it('P1M on the 31st clamps per month without drifting', () => {
    expect(firstN(iso('R/2026-01-31T10:00:00Z/P1M'), 5)).toEqual([
      '2026-01-31T10:00:00.000Z', '2026-02-28T10:00:00.000Z', '2026-03-31T10:00:00.000Z',
      '2026-04-30T10:00:00.000Z', '2026-05-31T10:00:00.000Z',
    ]);
    expect(firstN(iso('R/2024-01-31T00:00:00Z/P1M'), 2)[1]).toBe('2024-02-29T00:00:00.000Z');
  });

  it('P1Y on 29 February runs on 28 February in common years', () => {
    expect(firstN(iso('R/2024-02-29T12:00:00Z/P1Y'), 5)).toEqual([
      '2024-02-29T12:00:00.000Z', '2025-02-28T12:00:00.000Z', '2026-02-28T12:00:00.000Z',
      '2027-02-28T12:00:00.000Z', '2028-02-29T12:00:00.000Z',
    ]);
  });

  it('P2W and the full form', () => {
    expect(firstN(iso('R/2026-01-01T00:00:00Z/P2W'), 2)[1]).toBe('2026-01-15T00:00:00.000Z');
    expect(firstN(iso('R/2026-01-31T00:00:00Z/P1Y2M3DT4H5M6S'), 3)).toEqual([
      '2026-01-31T00:00:00.000Z', '2027-04-03T04:05:06.000Z', '2028-06-06T08:10:12.000Z',
    ]);
  });
});
