import { checkConstraint } from './constraints';
import { c, offer, placed } from './test-fixtures';
import type { PlacedInstance, Verdict } from './types';

const ok: Verdict = { ok: true };
const no = (message: string): Verdict => ({ ok: false, reason: 'UnfulfilledConstraint', message });

/** Placed instances from a spec like { r1: 2, r2: 1 }. */
function onRacks(counts: Record<string, number>): PlacedInstance[] {
  return Object.entries(counts).flatMap(([rack, n]) =>
    Array.from({ length: n }, (_, i) => placed(`${rack}-${i}`, { agentId: `${rack}-a${i}`, attributes: `rack:${rack}` })),
  );
}

describe('GROUP_BY', () => {
  const r1 = offer({ agentId: 'a1', attributes: 'rack:r1' });

  it.each<[string, string | undefined, Record<string, number>, Verdict]>([
    ['no instances yet', undefined, {}, ok],
    ['a new value is always welcome', undefined, { r2: 3 }, ok],
    ['even spread, any used value', undefined, { r1: 1, r2: 1 }, ok],
    ['value with the fewest', undefined, { r1: 1, r2: 2 }, ok],
    ['value with more than the fewest', undefined, { r1: 2, r2: 1 }, no('GROUP_BY rack: rack r1 already has 2 of 3, rack r2 has 1')],
    ['n given, fewer values used than n', '3', { r1: 2, r2: 2 }, no('GROUP_BY rack (3 groups): rack r1 already has 2 of 4, and only 2 of 3 rack values are used')],
    ['n given, fewer values used, even 1', '3', { r1: 1 }, no('GROUP_BY rack (3 groups): rack r1 already has 1 of 1, and only 1 of 3 rack values are used')],
    ['n given, new value', '3', { r2: 2, r3: 2 }, ok],
    ['n given, all used, fewest', '3', { r1: 1, r2: 2, r3: 2 }, ok],
    ['n given, all used, not fewest', '3', { r1: 2, r2: 1, r3: 2 }, no('GROUP_BY rack (3 groups): rack r1 already has 2 of 5, rack r2 has 1')],
    ['n of 1 behaves like no n', '1', { r1: 1, r2: 1 }, ok],
  ])('%s', (_name, n, counts, expected) => {
    expect(checkConstraint(r1, onRacks(counts), c('rack', 'GROUP_BY', n))).toEqual(expected);
  });

  it('ignores placed instances whose agent lacks the field', () => {
    const without = [placed('x', { agentId: 'b1' }), placed('y', { agentId: 'b2' })];
    expect(checkConstraint(r1, [...without, ...onRacks({ r1: 1, r2: 1 })], c('rack', 'GROUP_BY'))).toEqual(ok);
  });

  it('rejects an offer without the field', () => {
    expect(checkConstraint(offer({ agentId: 'a1' }), [], c('rack', 'GROUP_BY', '2'))).toEqual(
      no("GROUP_BY rack (2 groups): agent 'a1' has no attribute 'rack'"),
    );
  });

  it('groups by hostname', () => {
    const h1 = offer({ agentId: 'a1', hostname: 'h1' });
    const two = [placed('x', { agentId: 'a1', hostname: 'h1' }), placed('y', { agentId: 'a1', hostname: 'h1' })];
    expect(checkConstraint(h1, [...two, placed('z', { hostname: 'h2' })], c('hostname', 'GROUP_BY'))).toEqual(
      no('GROUP_BY hostname: hostname h1 already has 2 of 3, hostname h2 has 1'),
    );
  });
});
