import { launchDelay, LaunchBackoff } from './backoff';

const marathonDefaults = { backoffSeconds: 1, backoffFactor: 1.15, maxLaunchDelaySeconds: 300 };
const key = { appId: '/web', configVersion: '2024-01-01T00:00:00.000Z' };

describe('launchDelay', () => {
  it('is 0 without failures', () => {
    expect(launchDelay(marathonDefaults, 0)).toBe(0);
  });

  it('grows by the factor from backoffSeconds', () => {
    const s = { backoffSeconds: 2, backoffFactor: 2, maxLaunchDelaySeconds: 3600 };
    expect([1, 2, 3, 4, 5].map((n) => launchDelay(s, n))).toEqual([2000, 4000, 8000, 16000, 32000]);
  });

  it('follows Marathon defaults (1 s × 1.15^(n−1))', () => {
    expect([1, 2, 3, 4].map((n) => launchDelay(marathonDefaults, n))).toEqual([1000, 1150, 1322, 1520]);
  });

  it('is capped at maxLaunchDelaySeconds, also for the first failure', () => {
    expect(launchDelay(marathonDefaults, 100)).toBe(300_000);
    expect(launchDelay(marathonDefaults, 1e9)).toBe(300_000);
    expect(launchDelay({ backoffSeconds: 600, backoffFactor: 2, maxLaunchDelaySeconds: 300 }, 1)).toBe(300_000);
  });

  it('stays 0 with backoffSeconds 0 or maxLaunchDelaySeconds 0', () => {
    expect(launchDelay({ backoffSeconds: 0, backoffFactor: 2, maxLaunchDelaySeconds: 300 }, 1e6)).toBe(0);
    expect(launchDelay({ backoffSeconds: 5, backoffFactor: 2, maxLaunchDelaySeconds: 0 }, 3)).toBe(0);
  });

  it('never decreases with more failures (factor >= 1)', () => {
    let previous = 0;
    for (let n = 0; n < 80; n++) {
      const d = launchDelay(marathonDefaults, n);
      expect(d).toBeGreaterThanOrEqual(previous);
      previous = d;
    }
    expect(previous).toBe(300_000);
  });
});

describe('LaunchBackoff', () => {
  const start = LaunchBackoff.start(key, marathonDefaults);
  const T = 1_700_000_000_000;

  it('is not delayed before any failure', () => {
    expect(start.delayedUntil).toBeUndefined();
    expect(start.overdue(T)).toBe(true);
    expect(start.timeLeftSeconds(T)).toBe(0);
    expect(start.key).toEqual(key);
  });

  it('delays from the last failure, growing with each', () => {
    const once = start.failed(T);
    expect(once.delayedUntil).toBe(T + 1000);
    const twice = once.failed(T + 5000);
    expect(twice.consecutiveFailures).toBe(2);
    expect(twice.delayedUntil).toBe(T + 5000 + 1150);
    expect(start.delayedUntil).toBeUndefined(); // immutable
  });

  it('reports overdue and time left as /v2/queue does', () => {
    const b = LaunchBackoff.start(key, { backoffSeconds: 10, backoffFactor: 2, maxLaunchDelaySeconds: 300 }).failed(T);
    expect(b.overdue(T)).toBe(false);
    expect(b.timeLeftSeconds(T)).toBe(10);
    expect(b.timeLeftSeconds(T + 9_500)).toBe(1);
    expect(b.overdue(T + 9_999)).toBe(false);
    expect(b.overdue(T + 10_000)).toBe(true);
    expect(b.timeLeftSeconds(T + 60_000)).toBe(0);
  });

  it('reset clears the delay', () => {
    const b = start.failed(T).failed(T + 1).reset();
    expect(b.consecutiveFailures).toBe(0);
    expect(b.delayedUntil).toBeUndefined();
    expect(b.overdue(T)).toBe(true);
  });

  it('starts over once past the last failure plus the max launch delay', () => {
    const b = start.failed(T).failed(T + 1).failed(T + 2);
    expect(b.expired(T + 2 + 300_000)).toBe(false);
    expect(b.expired(T + 2 + 300_001)).toBe(true);
    expect(b.failed(T + 2 + 300_000).consecutiveFailures).toBe(4);
    expect(b.failed(T + 2 + 300_001).consecutiveFailures).toBe(1);
  });
});
