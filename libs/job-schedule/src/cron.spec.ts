import { consume, nextDue, parseSchedule, upcoming } from './schedule';
import { CronSchedule, ScheduleError } from './types';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-01-15T12:00:00Z');
const cron = (text: string, timeZone?: string) => parseSchedule(text, { timeZone, nowMs: NOW }) as CronSchedule;
const isoList = (list: number[]) => list.map((ms) => new Date(ms).toISOString());

describe('parseSchedule (cron)', () => {
  it('accepts 5 and 6 fields and keeps the expression', () => {
    expect(cron(' 0 9 * * 1-5 ')).toEqual({ kind: 'cron', expression: '0 9 * * 1-5', timeZone: 'UTC' });
    expect(cron('30 0 9 * * *', 'Europe/Berlin')).toEqual({ kind: 'cron', expression: '30 0 9 * * *', timeZone: 'Europe/Berlin' });
  });

  it.each([
    ['61 * * * *', "Cannot parse schedule '61 * * * *': Constraint error, got value 61 expected range 0-59"],
    ['0 0 31 2 *', "Cannot parse schedule '0 0 31 2 *': Invalid explicit day of month definition"],
    ['1 2 3', "Cannot parse schedule '1 2 3': expected 5 cron fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 3"],
    ['0 0 0 1 1 * 2030', "Cannot parse schedule '0 0 0 1 1 * 2030': expected 5 cron fields"],
    ['@minutely', "Cannot parse schedule '@minutely': unknown macro '@minutely' (use one of @hourly, @daily, @weekly, @monthly, @yearly, @annually)"],
    ['every day', "Cannot parse schedule 'every day': expected 5 cron fields"],
    ['   ', "Cannot parse schedule '   ': schedule is empty"],
  ])('refuses %j', (text, message) => {
    expect(() => cron(text)).toThrow(ScheduleError);
    expect(() => cron(text)).toThrow(message);
  });

  it('checks the zone before the expression', () => {
    expect(() => cron('0 9 * * *', 'Mars/Base')).toThrow("Invalid scheduleTimeZone 'Mars/Base'");
  });
});

describe('cron due times', () => {
  it('nextDue is the first firing at or after fromMs', () => {
    const s = cron('0 9 * * *');
    expect(nextDue(s, at('2026-01-15T10:00:00Z'))).toBe(at('2026-01-16T09:00:00Z'));
    expect(nextDue(s, at('2026-01-16T09:00:00Z'))).toBe(at('2026-01-16T09:00:00Z'));
    expect(nextDue(s, at('2026-01-16T09:00:00.001Z'))).toBe(at('2026-01-17T09:00:00Z'));
  });

  it('honours a seconds field', () => {
    expect(nextDue(cron('30 0 9 * * *'), at('2026-01-15T10:00:00Z'))).toBe(at('2026-01-16T09:00:30Z'));
    expect(isoList(upcoming(cron('*/20 * * * * *'), at('2026-01-15T10:00:05Z'), 3))).toEqual([
      '2026-01-15T10:00:20.000Z', '2026-01-15T10:00:40.000Z', '2026-01-15T10:01:00.000Z',
    ]);
  });

  it('runs 02:30 New York at 03:30 EDT on the spring-forward day', () => {
    expect(isoList(upcoming(cron('30 2 * * *', 'America/New_York'), at('2026-03-07T12:00:00Z'), 3))).toEqual([
      '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z',
    ]);
  });

  it('runs an ambiguous fall-back time once', () => {
    expect(isoList(upcoming(cron('30 1 * * *', 'America/New_York'), at('2026-10-31T12:00:00Z'), 2))).toEqual([
      '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('keeps 09:00 local across DST in Berlin', () => {
    expect(isoList(upcoming(cron('0 9 * * *', 'Europe/Berlin'), at('2026-03-28T12:00:00Z'), 2))).toEqual([
      '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z',
    ]);
  });

  it.each([
    ['@hourly', '2026-01-15T12:00:00.000Z'], // NOW is on the hour: at-or-after includes it
    ['@daily', '2026-01-15T23:00:00.000Z'], // midnight in Berlin
    ['@weekly', '2026-01-17T23:00:00.000Z'], // Sunday 18 Jan, midnight in Berlin
    ['@monthly', '2026-01-31T23:00:00.000Z'],
    ['@yearly', '2026-12-31T23:00:00.000Z'],
    ['@annually', '2026-12-31T23:00:00.000Z'],
    ['@DAILY', '2026-01-15T23:00:00.000Z'],
  ])('macro %s in Berlin', (macro, due) => {
    expect(new Date(nextDue(cron(macro, 'Europe/Berlin'), NOW)!).toISOString()).toBe(due);
  });

  it('consume leaves the schedule alone and skips missed firings', () => {
    const s = cron('0 * * * *');
    const step = consume(s, at('2026-01-15T09:00:00Z'), at('2026-01-15T12:30:00Z'));
    expect(step.schedule).toBe(s);
    expect(step.nextDue).toBe(at('2026-01-15T13:00:00Z'));
    // Launched early (now before due): the next run is still after the one consumed.
    expect(consume(s, at('2026-01-15T13:00:00Z'), at('2026-01-15T12:59:59Z')).nextDue).toBe(at('2026-01-15T14:00:00Z'));
  });
});
