import { periodInWords, scheduleInWords, startInWords } from './schedule-words';

describe('scheduleInWords', () => {
  it('reads ISO 8601 repeating intervals', () => {
    expect(scheduleInWords('R/2026-01-01T00:00:00Z/PT1H')).toBe('every hour from 2026-01-01 00:00 UTC, forever');
    expect(scheduleInWords('R/2026-01-01T00:00:00.000Z/PT1H')).toBe('every hour from 2026-01-01 00:00 UTC, forever');
    expect(scheduleInWords('R5/2026-01-01T09:30:15+02:00/P1D')).toBe('every day from 2026-01-01 07:30:15 UTC, 5 times');
    expect(scheduleInWords('R/2099-01-01T00:00:00Z/PT24H')).toBe('every 24 hours from 2099-01-01 00:00 UTC, forever');
    expect(scheduleInWords('R1/2026-03-01T12:00:00Z/PT1H')).toBe('once at 2026-03-01 12:00 UTC');
    expect(scheduleInWords('R1//PT24H')).toBe('once, now');
    expect(scheduleInWords('R0/2026-03-01T12:00:00Z/PT1H')).toBe('no runs left');
    expect(scheduleInWords('R//PT5M')).toBe('every 5 minutes from now, forever');
  });

  it('keeps the written wall clock when a time zone is given', () => {
    expect(scheduleInWords('R/2026-01-01T09:00:00.000+01:00/P1W', [], 'Europe/Berlin')).toBe('every week from 2026-01-01 09:00 Europe/Berlin, forever');
  });

  it('reads common cron expressions and shows the rest as they are', () => {
    expect(scheduleInWords('*/5 * * * *')).toBe('every 5 minutes (cron */5 * * * *)');
    expect(scheduleInWords('* * * * *')).toBe('every minute (cron * * * * *)');
    expect(scheduleInWords('0 * * * *')).toBe('every hour (cron 0 * * * *)');
    expect(scheduleInWords('15 */2 * * *')).toBe('every 2 hours at minute 15 (cron 15 */2 * * *)');
    expect(scheduleInWords('30 9 * * *', [], 'Europe/Paris')).toBe('every day at 09:30 Europe/Paris (cron 30 9 * * *)');
    expect(scheduleInWords('0 8 * * 1')).toBe('every Monday at 08:00 (cron 0 8 * * 1)');
    expect(scheduleInWords('0 8 * * 1-5')).toBe('every weekday at 08:00 (cron 0 8 * * 1-5)');
    expect(scheduleInWords('@daily')).toBe('every day at 00:00 (cron @daily)');
    expect(scheduleInWords('0 0 1,15 * *')).toBe('on the cron schedule 0 0 1,15 * *');
  });

  it('names the parents of a dependent job', () => {
    expect(scheduleInWords(undefined, ['a', 'b'])).toBe('after a, b');
    expect(scheduleInWords(undefined)).toBe('no schedule');
  });

  it('has period and start helpers', () => {
    expect([periodInWords('PT1H'), periodInWords('P1DT12H'), periodInWords('P2W'), periodInWords('PT0.5S')]).toEqual(['hour', '1 day 12 hours', '2 weeks', '0.5 seconds']);
    expect([periodInWords('P'), periodInWords('PT'), periodInWords('1H')]).toEqual([undefined, undefined, undefined]);
    expect([startInWords(''), startInWords('2026-01-01T00:00:00'), startInWords('garbage')]).toEqual(['now', '2026-01-01 00:00 UTC', 'garbage']);
  });
});
