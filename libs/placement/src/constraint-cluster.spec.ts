import { checkConstraint } from './constraints';
import { c, offer, placed } from './test-fixtures';
import type { Constraint } from './constraint';
import type { PlacedInstance, Verdict } from './types';

const ok: Verdict = { ok: true };
const no = (message: string): Verdict => ({ ok: false, reason: 'UnfulfilledConstraint', message });

describe('CLUSTER', () => {
  const o = offer({ agentId: 'a1', hostname: 'h1', attributes: 'rack:r2;level:1.5', region: 'eu' });
  const onRack = (id: string, rack: string) => placed(id, { agentId: `a-${id}`, attributes: `rack:${rack}` });

  it.each<[string, Constraint, PlacedInstance[], Verdict]>([
    ['value equal', c('rack', 'CLUSTER', 'r2'), [], ok],
    ['value differs', c('rack', 'CLUSTER', 'r1'), [], no('CLUSTER rack:r1: offer has rack r2')],
    ['value ignores placed instances', c('rack', 'CLUSTER', 'r2'), [onRack('x', 'r1')], ok],
    ['hostname value', c('hostname', 'CLUSTER', 'h1'), [], ok],
    ['hostname value differs', c('hostname', 'CLUSTER', 'h7'), [], no('CLUSTER hostname:h7: offer has hostname h1')],
    ['@region', c('@region', 'CLUSTER', 'eu'), [], ok],
    ['scalar compared as a number', c('level', 'CLUSTER', '1.50'), [], ok],
    ['no value, first placement is free', c('rack', 'CLUSTER'), [], ok],
    ['no value, follows placed', c('rack', 'CLUSTER'), [onRack('x', 'r2')], ok],
    ['no value, elsewhere', c('rack', 'CLUSTER'), [onRack('x', 'r1')], no('CLUSTER rack: instances run on rack r1, offer has rack r2')],
    ['empty value means no value', c('rack', 'CLUSTER', ''), [onRack('x', 'r1')], no('CLUSTER rack:: instances run on rack r1, offer has rack r2')],
    ['no value, skips placed without the field', c('rack', 'CLUSTER'), [placed('y', { agentId: 'a9' }), onRack('x', 'r2')], ok],
    ['offer lacks the attribute', c('zone', 'CLUSTER', 'z'), [], no("CLUSTER zone:z: agent 'a1' has no attribute 'zone'")],
    ['offer lacks the attribute, no value', c('zone', 'CLUSTER'), [], no("CLUSTER zone: agent 'a1' has no attribute 'zone'")],
  ])('%s', (_name, constraint, placedInstances, expected) => {
    expect(checkConstraint(o, placedInstances, constraint)).toEqual(expected);
  });
});
