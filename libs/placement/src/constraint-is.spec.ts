import { checkConstraint } from './constraints';
import { c, offer } from './test-fixtures';
import type { Constraint } from './constraint';
import type { Verdict } from './types';

const ok: Verdict = { ok: true };
const no = (message: string): Verdict => ({ ok: false, reason: 'UnfulfilledConstraint', message });

describe('IS', () => {
  const o = offer({ agentId: 'a1', hostname: 'h1', attributes: 'os:ubuntu;level:1.5;gen:10' });

  it.each<[string, Constraint, Verdict]>([
    ['text equal', c('os', 'IS', 'ubuntu'), ok],
    ['text differs', c('os', 'IS', 'centos'), no('IS os:centos: os is ubuntu')],
    ['text is case-sensitive', c('os', 'IS', 'Ubuntu'), no('IS os:Ubuntu: os is ubuntu')],
    ['scalar equal as number', c('level', 'IS', '1.50'), ok],
    ['scalar integer vs decimal', c('gen', 'IS', '10.0'), ok],
    ['scalar differs', c('level', 'IS', '1.6'), no('IS level:1.6: level is 1.5')],
    ['scalar vs text value', c('level', 'IS', 'high'), no('IS level:high: level is 1.5')],
    ['hostname', c('hostname', 'IS', 'h1'), ok],
    ['missing attribute', c('rack', 'IS', 'r1'), no("IS rack:r1: agent 'a1' has no attribute 'rack'")],
    ['no value never matches a present value', c('os', 'IS'), no('IS os: os is ubuntu')],
  ])('%s', (_name, constraint, expected) => {
    expect(checkConstraint(o, [], constraint)).toEqual(expected);
  });
});
