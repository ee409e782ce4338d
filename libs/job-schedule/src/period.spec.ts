import { durationMs, readPeriod } from './period';
import { ScheduleError } from './types';

describe('readPeriod', () => {
  it('splits calendar and time parts', () => {
    const read = readPeriod('P1Y2M3DT4H5M6S');
    expect(read).toMatchObject({
      ok: true,
      period: { years: 1, months: 2, weeks: 0, days: 3, timeMs: 4 * 3_600_000 + 5 * 60_000 + 6_000, calendar: true },
    });
  });

  it('reads weeks and pure time periods', () => {
    expect(readPeriod('P2W')).toMatchObject({ ok: true, period: { weeks: 2, timeMs: 0, calendar: true } });
    expect(readPeriod('PT24H')).toMatchObject({ ok: true, period: { timeMs: 86_400_000, calendar: false } });
    expect(readPeriod('PT1.5S')).toMatchObject({ ok: true, period: { timeMs: 1500 } });
  });

  it.each([
    ['P', 'syntax'],
    ['PT', 'syntax'],
    ['P1DT', 'syntax'],
    ['P1X', 'syntax'],
    ['1D', 'syntax'],
    ['PT0S', 'not-positive'],
    ['P0D', 'not-positive'],
    ['P-1D', 'not-positive'],
    ['-P1D', 'not-positive'],
    ['P5000Y', 'too-long'],
  ])('refuses %s (%s)', (text, problem) => {
    expect(readPeriod(text)).toEqual({ ok: false, problem });
  });
});

describe('durationMs', () => {
  it.each([
    ['PT60S', 60_000],
    ['PT1M', 60_000],
    ['PT0.5S', 500],
    ['P1D', 86_400_000],
    ['p1w', 7 * 86_400_000],
    ['P1DT1H', 90_000_000],
  ])('%s = %d ms', (text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });

  it('explains bad and non-positive durations', () => {
    expect(() => durationMs('60s')).toThrow(ScheduleError);
    expect(() => durationMs('60s')).toThrow("Invalid duration '60s': expected an ISO-8601 duration like 'PT60S', 'PT1M' or 'P1D'");
    expect(() => durationMs('PT0S')).toThrow("Invalid duration 'PT0S': must be positive");
    expect(() => durationMs('')).toThrow("Invalid duration '': expected an ISO-8601 duration");
  });
});
