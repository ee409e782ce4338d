import { consume, formatSchedule, latestDue, nextDue, parseSchedule, upcoming } from './schedule';
import { IsoSchedule, Schedule } from './types';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-01-15T12:00:00Z');
const parse = (text: string, timeZone?: string, nowMs = NOW) => parseSchedule(text, { timeZone, nowMs });

/** Consumes each due run at its due time, `times` times. */
function consumeOnTime(schedule: Schedule, times: number): Schedule {
  let current = schedule;
  for (let i = 0; i < times; i++) current = consume(current, nextDue(current, NOW)!, nextDue(current, NOW)!).schedule;
  return current;
}

describe('repeat counts', () => {
  it('R3 runs three times', () => {
    const s = parse('R3/2026-01-01T00:00:00Z/P1D');
    const steps = [1, 2, 3].map((n) => consumeOnTime(s, n) as IsoSchedule);
    expect(steps.map((x) => x.repeat)).toEqual([2, 1, 0]);
    expect(nextDue(steps[1], NOW)).toBe(at('2026-01-03T00:00:00Z'));
    expect(nextDue(steps[2], NOW)).toBeUndefined();
    expect(consume(steps[2], at('2026-01-04T00:00:00Z'), NOW)).toEqual({ schedule: steps[2], nextDue: undefined });
  });

  it('R0 is never due', () => {
    const s = parse('R0/2026-01-01T00:00:00Z/P1D');
    expect(nextDue(s, NOW)).toBeUndefined();
    expect(upcoming(s, NOW, 5)).toEqual([]);
  });

  it('R stays forever', () => {
    const s = consumeOnTime(parse('R/2026-01-01T00:00:00Z/PT1H'), 5) as IsoSchedule;
    expect(s.repeat).toBe(-1);
    expect(s.index).toBe(5);
    expect(nextDue(s, NOW)).toBe(at('2026-01-01T05:00:00Z'));
  });

  it('an empty start is due now', () => {
    expect(nextDue(parse('R//PT1H'), 0)).toBe(NOW);
  });
});

describe('consume', () => {
  it('collapses missed runs into one', () => {
    const s = parse('R5/2026-01-05T09:00:00Z/P1D');
    const step = consume(s, at('2026-01-05T09:00:00Z'), NOW);
    expect(step.schedule).toMatchObject({ index: 11, repeat: 4 });
    expect(step.nextDue).toBe(at('2026-01-16T09:00:00Z'));
  });

  it('moves strictly past an occurrence that equals now', () => {
    const s = parse('R/2026-01-01T00:00:00Z/P1M');
    expect(consume(s, at('2026-01-01T00:00:00Z'), at('2026-03-01T00:00:00Z')).nextDue).toBe(at('2026-04-01T00:00:00Z'));
  });

  it('corrects an estimate that overshoots (January is longer than the mean month)', () => {
    const step = consume(parse('R/2026-01-01T00:00:00Z/P1M'), at('2026-01-01T00:00:00Z'), at('2026-01-31T12:00:00Z'));
    expect(step.schedule).toMatchObject({ index: 1 });
    expect(step.nextDue).toBe(at('2026-02-01T00:00:00Z'));
  });

  it('keeps an anchor on the second reading of an ambiguous wall clock', () => {
    const s = parse('R/2026-11-01T01:30:00-05:00/P1D', 'America/New_York');
    expect(upcoming(s, NOW, 2)).toEqual([at('2026-11-01T06:30:00Z'), at('2026-11-02T06:30:00Z')]);
  });

  it('uses up the pending run even when launched before it was due', () => {
    const s = parse('R/2026-01-20T00:00:00Z/P1D');
    const step = consume(s, at('2026-01-20T00:00:00Z'), NOW);
    expect(step.schedule).toMatchObject({ index: 1 });
    expect(step.nextDue).toBe(at('2026-01-21T00:00:00Z'));
  });

  it('computes huge indexes arithmetically (PT1S anchored 10 years ago)', () => {
    const s = parse('R/2016-01-01T00:00:00Z/PT1S');
    const step = consume(s, s.kind === 'iso' ? s.anchorMs : 0, at('2026-01-01T00:00:00.500Z'));
    expect(step.schedule).toMatchObject({ index: 315_619_201 });
    expect(step.nextDue).toBe(at('2026-01-01T00:00:01Z'));
  });

  it('estimates then corrects calendar indexes (P1D and P1M anchored 50 years ago)', () => {
    const daily = parse('R/1976-01-01T09:00:00/P1D', 'America/New_York');
    expect(consume(daily, at('1976-01-01T14:00:00Z'), at('2026-03-08T12:00:00Z')).nextDue).toBe(at('2026-03-08T13:00:00Z'));
    const monthly = parse('R/1976-01-31T00:00:00Z/P1M');
    const step = consume(monthly, at('1976-01-31T00:00:00Z'), at('2026-02-15T00:00:00Z'));
    expect(step.nextDue).toBe(at('2026-02-28T00:00:00Z'));
    expect(step.schedule).toMatchObject({ index: 601 });
  });
});

describe('latestDue', () => {
  it('is the latest occurrence at or before now for a collapsed ISO run', () => {
    const s = parse('R/2026-01-05T09:00:00Z/P1D');
    expect(latestDue(s, at('2026-01-05T09:00:00Z'), NOW)).toBe(at('2026-01-15T09:00:00Z'));
  });

  it('stops at the last repetition left', () => {
    const s = parse('R3/2026-01-05T09:00:00Z/P1D');
    expect(latestDue(s, at('2026-01-05T09:00:00Z'), NOW)).toBe(at('2026-01-07T09:00:00Z'));
  });

  it('is the due time itself when nothing later has come', () => {
    const s = parse('R/2026-01-15T11:30:00Z/PT1H');
    expect(latestDue(s, at('2026-01-15T11:30:00Z'), NOW)).toBe(at('2026-01-15T11:30:00Z'));
    expect(latestDue(s, at('2026-01-15T11:30:00Z'), at('2026-01-15T11:00:00Z'))).toBe(at('2026-01-15T11:30:00Z'));
  });

  it('counts an occurrence exactly at now', () => {
    const s = parse('R/2026-01-15T10:00:00Z/PT1H');
    expect(latestDue(s, at('2026-01-15T10:00:00Z'), NOW)).toBe(NOW);
  });

  it('follows calendar periods in the schedule zone', () => {
    const s = parse('R/2026-01-01T00:00:00/P1M', 'Europe/Berlin');
    expect(latestDue(s, s.kind === 'iso' ? s.anchorMs : NaN, at('2026-04-15T00:00:00Z'))).toBe(at('2026-03-31T22:00:00Z'));
  });

  it('finds the latest cron firing at or before now', () => {
    const s = parse('*/15 * * * *');
    expect(latestDue(s, at('2026-01-15T10:00:00Z'), at('2026-01-15T11:20:00Z'))).toBe(at('2026-01-15T11:15:00Z'));
    expect(latestDue(s, at('2026-01-15T10:00:00Z'), at('2026-01-15T11:15:00Z'))).toBe(at('2026-01-15T11:15:00Z'));
  });
});

describe('formatSchedule', () => {
  it('restarts the interval at the next due run, in the schedule zone', () => {
    const s = consumeOnTime(parse('R5/2026-03-06T09:00:00/P1D', 'America/New_York'), 2);
    expect(formatSchedule(s)).toBe('R3/2026-03-08T09:00:00.000-04:00/P1D');
    expect(formatSchedule(parse('R/2026-01-01T09:00:00+05:00/pt1h'))).toBe('R/2026-01-01T04:00:00.000Z/PT1H');
    expect(formatSchedule(parse('R0/2026-01-01T00:00:00Z/P1D'))).toBe('R0/2026-01-01T00:00:00.000Z/P1D');
  });

  it('prints cron unchanged', () => {
    expect(formatSchedule(parse('*/5 * * * *', 'Europe/Berlin'))).toBe('*/5 * * * *');
  });

  it.each([
    ['R5/2026-03-06T09:00:00/P1D', 'America/New_York', 2],
    ['R/2026-11-01T00:30:00/PT1H', 'America/New_York', 2], // next due is the second 01:30 (EST)
    ['R/2026-01-31T10:00:00Z/P1M', undefined, 1],
    ['R/2026-03-28T02:30:00/P1D', 'Europe/Berlin', 1],
    ['0 9 * * *', 'Europe/Berlin', 0],
  ])('round-trips %s through parseSchedule', (text, zone, consumed) => {
    const s = consumeOnTime(parse(text, zone), consumed);
    const again = parse(formatSchedule(s), zone);
    expect(nextDue(again, NOW)).toBe(nextDue(s, NOW));
    expect(formatSchedule(again)).toBe(formatSchedule(s));
  });
});

describe('upcoming', () => {
  it('lists an overdue run first, then the runs after fromMs', () => {
    const s = parse('R/2026-01-10T00:00:00Z/P1D');
    expect(upcoming(s, NOW, 3)).toEqual([at('2026-01-10T00:00:00Z'), at('2026-01-16T00:00:00Z'), at('2026-01-17T00:00:00Z')]);
  });

  it('stops at the runs left', () => {
    expect(upcoming(parse('R2/2026-02-01T00:00:00Z/P1W'), NOW, 5)).toEqual([at('2026-02-01T00:00:00Z'), at('2026-02-08T00:00:00Z')]);
    expect(upcoming(parse('R/2026-02-01T00:00:00Z/P1W'), NOW, 0)).toEqual([]);
  });

  it('lists cron firings', () => {
    expect(upcoming(parse('0 0 1 * *'), NOW, 2)).toEqual([at('2026-02-01T00:00:00Z'), at('2026-03-01T00:00:00Z')]);
  });
});
