import { checkConstraint } from './constraints';
import { c, offer, placed } from './test-fixtures';
import type { PlacedInstance, PlacementOffer, Verdict } from './types';

const ok: Verdict = { ok: true };
const no = (message: string): Verdict => ({ ok: false, reason: 'UnfulfilledConstraint', message });

describe('UNIQUE', () => {
  const o = offer({ agentId: 'a1', hostname: 'h1', attributes: 'rack:r1;level:10' });

  it.each<[string, string, PlacementOffer, PlacedInstance[], Verdict]>([
    ['first instance', 'hostname', o, [], ok],
    ['other host', 'hostname', o, [placed('x', { agentId: 'a2', hostname: 'h2' })], ok],
    ['same agent', 'hostname', o, [placed('x', { agentId: 'a1', hostname: 'h1' })], no("UNIQUE hostname: agent 'a1' already runs instance x")],
    ['same host, other agent id', '@hostname', o, [placed('x', { agentId: 'old', hostname: 'h1' })], no("UNIQUE @hostname: host 'h1' already runs instance x")],
    ['attribute clash', 'rack', o, [placed('x', { agentId: 'a2', attributes: 'rack:r1' })], no('UNIQUE rack: rack r1 already has instance x')],
    ['attribute differs', 'rack', o, [placed('x', { agentId: 'a2', attributes: 'rack:r2' })], ok],
    ['placed without the attribute', 'rack', o, [placed('x', { agentId: 'a2' })], ok],
    ['scalar attribute clash', 'level', o, [placed('y', { agentId: 'a2', attributes: 'level:10.0' })], no('UNIQUE level: level 10 already has instance y')],
    ['offer lacks attribute', 'zone', o, [], no("UNIQUE zone: agent 'a1' has no attribute 'zone'")],
    ['offer lacks @zone', '@zone', o, [], no("UNIQUE @zone: agent 'a1' has no zone")],
  ])('%s', (_name, field, offerUnderTest, placedInstances, expected) => {
    expect(checkConstraint(offerUnderTest, placedInstances, c(field, 'UNIQUE'))).toEqual(expected);
  });
});
