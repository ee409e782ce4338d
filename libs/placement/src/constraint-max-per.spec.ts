import { checkConstraint } from './constraints';
import { c, offer, placed } from './test-fixtures';
import type { PlacedInstance, Verdict } from './types';

const ok: Verdict = { ok: true };
const no = (message: string): Verdict => ({ ok: false, reason: 'UnfulfilledConstraint', message });
const inZone = (id: string, zone: string) => placed(id, { agentId: `a-${id}`, attributes: `zone:${zone}` });

describe('MAX_PER', () => {
  const a = offer({ agentId: 'a1', hostname: 'h1', attributes: 'zone:a;level:2' });

  it.each<[string, string, string | undefined, PlacedInstance[], Verdict]>([
    ['none yet', 'zone', '2', [], ok],
    ['below the max', 'zone', '2', [inZone('x', 'a'), inZone('y', 'b')], ok],
    ['at the max', 'zone', '2', [inZone('x', 'a'), inZone('y', 'a')], no('MAX_PER zone:2: zone a already has 2')],
    ['others do not count', 'zone', '1', [inZone('x', 'b'), inZone('y', 'b')], ok],
    ['max 0 never fits', 'zone', '0', [], no('MAX_PER zone:0: allows no instance on any zone')],
    ['hostname', 'hostname', '1', [placed('x', { agentId: 'a1', hostname: 'h1' })], no('MAX_PER hostname:1: hostname h1 already has 1')],
    ['scalar attribute', 'level', '1', [placed('x', { agentId: 'b', attributes: 'level:2.000' })], no('MAX_PER level:1: level 2 already has 1')],
    ['offer lacks the attribute', 'rack', '5', [], no("MAX_PER rack:5: agent 'a1' has no attribute 'rack'")],
    ['invalid value (not validated)', 'zone', 'x', [], no('MAX_PER zone:x: MAX_PER requires an integer value')],
  ])('%s', (_name, field, value, placedInstances, expected) => {
    expect(checkConstraint(a, placedInstances, c(field, 'MAX_PER', value))).toEqual(expected);
  });
});
