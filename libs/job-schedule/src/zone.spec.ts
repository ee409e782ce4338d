import { formatInZone, instantOf, isValidTimeZone, wallOf } from './zone';

const at = (iso: string) => Date.parse(iso);
/** A wall clock written without zone, encoded as wall ms (see zone.ts). */
const wall = (local: string) => Date.parse(`${local}Z`);

describe('isValidTimeZone', () => {
  it.each(['America/New_York', 'Europe/Berlin', 'UTC', 'Etc/GMT+5'])('accepts %s', (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });
  it.each(['Mars/Base', '', 'UTC+3', 'New York'])('rejects %j', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});

describe('wallOf / instantOf', () => {
  it('reads the wall clock of an instant in the zone', () => {
    expect(wallOf(at('2026-01-01T14:00:00Z'), 'America/New_York')).toBe(wall('2026-01-01T09:00:00'));
    expect(wallOf(at('2026-07-01T13:00:00Z'), 'America/New_York')).toBe(wall('2026-07-01T09:00:00'));
  });

  it('maps an ordinary wall clock to its single instant', () => {
    expect(instantOf(wall('2026-01-01T09:00:00'), 'America/New_York')).toBe(at('2026-01-01T14:00:00Z'));
    expect(instantOf(wall('2026-07-01T09:00:00'), 'Europe/Berlin')).toBe(at('2026-07-01T07:00:00Z'));
  });

  it('moves a wall clock in the spring-forward gap forward by the gap', () => {
    expect(instantOf(wall('2026-03-08T02:30:00'), 'America/New_York')).toBe(at('2026-03-08T03:30:00-04:00'));
    expect(instantOf(wall('2026-03-29T02:30:00'), 'Europe/Berlin')).toBe(at('2026-03-29T03:30:00+02:00'));
  });

  it('takes the earlier instant of an ambiguous fall-back wall clock', () => {
    expect(instantOf(wall('2026-11-01T01:30:00'), 'America/New_York')).toBe(at('2026-11-01T01:30:00-04:00'));
    expect(instantOf(wall('2026-10-25T02:30:00'), 'Europe/Berlin')).toBe(at('2026-10-25T02:30:00+02:00'));
  });

  it('honours a preferred offset only when it is a valid reading', () => {
    expect(instantOf(wall('2026-11-01T01:30:00'), 'America/New_York', -300)).toBe(at('2026-11-01T01:30:00-05:00'));
    expect(instantOf(wall('2026-11-01T01:30:00'), 'America/New_York', 0)).toBe(at('2026-11-01T01:30:00-04:00'));
  });
});

describe('formatInZone', () => {
  it('prints milliseconds and the offset in effect', () => {
    expect(formatInZone(at('2026-03-08T07:30:00Z'), 'America/New_York')).toBe('2026-03-08T03:30:00.000-04:00');
    expect(formatInZone(at('2026-03-07T07:30:00Z'), 'America/New_York')).toBe('2026-03-07T02:30:00.000-05:00');
    expect(formatInZone(at('2026-01-01T14:00:00Z'), 'UTC')).toBe('2026-01-01T14:00:00.000Z');
  });
});
