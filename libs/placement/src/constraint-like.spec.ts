import { checkConstraint } from './constraints';
import { c, offer, placed } from './test-fixtures';
import type { Constraint } from './constraint';
import type { Verdict } from './types';

const ok: Verdict = { ok: true };
const no = (message: string): Verdict => ({ ok: false, reason: 'UnfulfilledConstraint', message });

describe('LIKE and UNLIKE', () => {
  const o = offer({ agentId: 'a1', hostname: 'web-1.dc', attributes: 'rack:r12;level:1.5;keys:[1-3]' });

  it.each<[string, Constraint, Verdict]>([
    ['LIKE matches the whole value', c('rack', 'LIKE', 'r[0-9]+'), ok],
    ['LIKE is anchored', c('rack', 'LIKE', 'r1'), no('LIKE rack:r1: rack r12 does not match')],
    ['LIKE alternation is anchored as a whole', c('rack', 'LIKE', 'x|r1'), no('LIKE rack:x|r1: rack r12 does not match')],
    ['LIKE hostname', c('hostname', 'LIKE', 'web-.*'), ok],
    ['LIKE scalar text form', c('level', 'LIKE', '1\\.5'), ok],
    ['LIKE ranges text form', c('keys', 'LIKE', '\\[1-3\\]'), ok],
    ['LIKE missing attribute', c('zone', 'LIKE', '.*'), no("LIKE zone:.*: agent 'a1' has no attribute 'zone'")],
    ['LIKE invalid regex', c('rack', 'LIKE', '(r'), no("LIKE rack:(r: '(r' is not a valid regular expression")],
    ['LIKE empty regex never matches', c('rack', 'LIKE', ''), no('LIKE rack:: LIKE and UNLIKE require a non-empty, regular expression value')],
    ['UNLIKE passes when not matching', c('rack', 'UNLIKE', 'r1'), ok],
    ['UNLIKE rejects a match', c('rack', 'UNLIKE', 'r1.*'), no('UNLIKE rack:r1.*: rack r12 matches')],
    ['UNLIKE passes when the attribute is missing', c('zone', 'UNLIKE', '.*'), ok],
    ['UNLIKE hostname', c('@hostname', 'UNLIKE', 'web-.*'), no('UNLIKE @hostname:web-.*: hostname web-1.dc matches')],
    ['UNLIKE empty regex never matches', c('rack', 'UNLIKE', ''), no('UNLIKE rack:: LIKE and UNLIKE require a non-empty, regular expression value')],
  ])('%s', (_name, constraint, expected) => {
    expect(checkConstraint(o, [], constraint)).toEqual(expected);
  });

  it('does not look at placed instances', () => {
    const others = [placed('x', { agentId: 'a1', hostname: 'web-1.dc', attributes: 'rack:r12' })];
    expect(checkConstraint(o, others, c('rack', 'LIKE', 'r12'))).toEqual(ok);
  });

  it('gives the same answer on repeated calls (cached regex is stateless)', () => {
    const like = c('rack', 'LIKE', 'r1[0-9]');
    expect([1, 2, 3].map(() => checkConstraint(o, [], like).ok)).toEqual([true, true, true]);
  });
});
