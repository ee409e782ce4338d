import { leaderPlan, leaderUrl, REDIRECT_SECONDS, roleSentence, secondsLeft } from './leader';

const SELF = '127.0.0.1:5050';

describe('leaderUrl', () => {
  it('points at the leader root, keeping a hash route', () => {
    expect(leaderUrl('127.0.0.1:5051')).toBe('http://127.0.0.1:5051/');
    expect(leaderUrl('m2.example.com:5050', '#/agents')).toBe('http://m2.example.com:5050/#/agents');
    expect(leaderUrl('[::1]:5050', '#/agents/a-1')).toBe('http://[::1]:5050/#/agents/a-1');
  });

  it('drops an empty or malformed hash', () => {
    expect(leaderUrl('h:1', '#')).toBe('http://h:1/');
    expect(leaderUrl('h:1', '/agents')).toBe('http://h:1/');
  });

  it('refuses anything but host:port (no scheme, path, user or missing port)', () => {
    for (const bad of ['', 'host', 'javascript:alert(1)', 'evil.com/x:80', 'user@h:80', 'h:80/path', 'h: 80', 'h:123456']) {
      expect(leaderUrl(bad)).toBeUndefined();
    }
  });
});

describe('leaderPlan', () => {
  it('serves the page itself while leading, recovering or standalone', () => {
    for (const role of ['leading', 'recovering', 'standalone']) {
      expect(leaderPlan({ healthy: true, role, leader: SELF }, SELF)).toEqual({ kind: 'serve', role });
    }
  });

  it('serves (and lets the state request report) when the health is unknown', () => {
    expect(leaderPlan(undefined, SELF)).toEqual({ kind: 'serve', role: 'unknown' });
    expect(leaderPlan({ healthy: true }, SELF)).toEqual({ kind: 'serve', role: 'unknown' });
  });

  it('sends a standby to the leader, keeping the hash route', () => {
    expect(leaderPlan({ healthy: true, role: 'standby', leader: '127.0.0.1:5051' }, SELF, '#/agents')).toEqual({
      kind: 'redirect',
      role: 'standby',
      leader: '127.0.0.1:5051',
      url: 'http://127.0.0.1:5051/#/agents',
    });
    expect(leaderPlan({ role: 'stopped', leader: 'm1:80' }, SELF)).toMatchObject({ kind: 'redirect', url: 'http://m1:80/' });
  });

  it('waits without a redirect when no leader is known, it is malformed, or it names this master', () => {
    expect(leaderPlan({ healthy: true, role: 'standby', leader: null }, SELF)).toEqual({ kind: 'wait', role: 'standby' });
    expect(leaderPlan({ role: 'lost' }, SELF)).toEqual({ kind: 'wait', role: 'lost' });
    expect(leaderPlan({ role: 'standby', leader: 'javascript:x' }, SELF)).toEqual({ kind: 'wait', role: 'standby' });
    expect(leaderPlan({ role: 'standby', leader: SELF }, SELF)).toEqual({ kind: 'wait', role: 'standby' });
  });
});

describe('roleSentence', () => {
  it('says what this master is', () => {
    expect(roleSentence('standby')).toBe('This master is a standby');
    expect(roleSentence('lost')).toMatch(/lost its leadership/);
    expect(roleSentence('stopped')).toBe('This master is stopping');
    expect(roleSentence('odd')).toBe('This master is not the leader (odd)');
  });
});

describe('secondsLeft', () => {
  it('counts whole seconds down to 0 and never below', () => {
    expect(secondsLeft(1_000, 1_000)).toBe(REDIRECT_SECONDS);
    expect(secondsLeft(1_000, 1_999)).toBe(REDIRECT_SECONDS);
    expect(secondsLeft(1_000, 2_000)).toBe(REDIRECT_SECONDS - 1);
    expect(secondsLeft(1_000, 1_000 + REDIRECT_SECONDS * 1000)).toBe(0);
    expect(secondsLeft(1_000, 60_000)).toBe(0);
    expect(secondsLeft(5_000, 1_000, 3)).toBe(3); // a clock step back does not add time
  });
});
