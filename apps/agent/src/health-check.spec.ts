import { FakeClock } from '@strato/clock';
import { HealthCheck } from '@strato/domain';
import { HealthCheckRunner } from './health-check';
import { ProbeResult } from './health-probes';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

const check = (over: Partial<HealthCheck> = {}): HealthCheck => ({
  type: 'HTTP',
  delaySeconds: 15,
  intervalSeconds: 10,
  timeoutSeconds: 20,
  consecutiveFailures: 3,
  gracePeriodSeconds: 10,
  http: { scheme: 'http', port: 8080, path: '/', statuses: [] },
  ...over,
});

/** A probe answering from a script (the last answer repeats); `'hang'` never settles until aborted. */
function setup(hc: HealthCheck, script: (ProbeResult | 'hang')[]) {
  const clock = new FakeClock(1_000_000);
  const events: string[] = [];
  const calls: { at: number; signal: AbortSignal }[] = [];
  let i = 0;
  const runner = new HealthCheckRunner({
    check: hc,
    clock,
    probe: (signal) => {
      calls.push({ at: clock.now() - 1_000_000, signal });
      const next = script[Math.min(i++, script.length - 1)];
      return next === 'hang' ? new Promise<ProbeResult>(() => undefined) : Promise.resolve(next);
    },
    onHealth: (healthy, cause) => events.push(healthy ? 'healthy' : `unhealthy:${cause}`),
    onKill: (cause) => events.push(`kill:${cause}`),
    onIgnored: (cause) => events.push(`ignored:${cause}`),
  });
  /** Advances one second at a time, letting probe promises settle in between. */
  const advance = async (seconds: number) => {
    clock.advance(0);
    await flush();
    for (let s = 0; s < seconds; s++) {
      clock.advance(1000);
      await flush();
    }
  };
  return { clock, runner, events, calls, advance };
}

const ok: ProbeResult = { healthy: true };
const bad = (cause = 'boom'): ProbeResult => ({ healthy: false, cause });

describe('HealthCheckRunner', () => {
  it('waits delaySeconds, then checks every intervalSeconds; reports healthy once', async () => {
    const { runner, events, calls, advance } = setup(check(), [ok]);
    runner.start();
    await advance(14);
    expect(calls).toHaveLength(0);
    await advance(1);
    expect(calls.map((c) => c.at)).toEqual([15_000]);
    expect(events).toEqual(['healthy']);
    await advance(20);
    expect(calls.map((c) => c.at)).toEqual([15_000, 25_000, 35_000]);
    expect(events).toEqual(['healthy']); // no change, no update
    expect(runner.healthy).toBe(true);
  });

  it('ignores failures within the grace period (delay included) until the first success', async () => {
    const hc = check({ delaySeconds: 1, intervalSeconds: 2, gracePeriodSeconds: 5, consecutiveFailures: 1 });
    const { runner, events, advance } = setup(hc, [bad('a'), bad('b'), bad('c'), ok, bad('d')]);
    runner.start();
    await advance(5); // checks at 1, 3, 5: all within the grace period
    expect(events).toEqual(['ignored:a', 'ignored:b', 'ignored:c']);
    await advance(2); // 7: success
    expect(events.slice(3)).toEqual(['healthy']);
    await advance(2); // 9: past the first success, so it counts; with limit 1 it kills
    expect(events.slice(4)).toEqual(['unhealthy:d', 'kill:d']);
  });

  it('after the first success, failures count even inside the grace period', async () => {
    const hc = check({ delaySeconds: 0, intervalSeconds: 1, gracePeriodSeconds: 100, consecutiveFailures: 2 });
    const { runner, events, advance } = setup(hc, [ok, bad('x')]);
    runner.start();
    await advance(2);
    expect(events).toEqual(['healthy', 'unhealthy:x', 'unhealthy:x', 'kill:x']);
  });

  it('reports every unhealthy result, recovers, and kills after consecutiveFailures in a row', async () => {
    const hc = check({ delaySeconds: 0, intervalSeconds: 1, gracePeriodSeconds: 0, consecutiveFailures: 3 });
    const { runner, events, advance, calls } = setup(hc, [bad('1'), bad('2'), ok, bad('3'), bad('4'), bad('5'), ok]);
    runner.start();
    await advance(10);
    expect(events).toEqual(['unhealthy:1', 'unhealthy:2', 'healthy', 'unhealthy:3', 'unhealthy:4', 'unhealthy:5', 'kill:5']);
    expect(calls).toHaveLength(6); // stopped after the kill
    expect(runner.consecutiveFailures).toBe(3);
  });

  it('consecutiveFailures 0 kills on the first counted failure (Mesos: failures >= limit)', async () => {
    const hc = check({ delaySeconds: 0, intervalSeconds: 1, gracePeriodSeconds: 0, consecutiveFailures: 0 });
    const { runner, events, advance } = setup(hc, [bad('first')]);
    runner.start();
    await advance(3);
    expect(events).toEqual(['unhealthy:first', 'kill:first']);
  });

  it('aborts a check that exceeds timeoutSeconds and counts it as a failure', async () => {
    const hc = check({ type: 'TCP', delaySeconds: 0, intervalSeconds: 1, timeoutSeconds: 2, gracePeriodSeconds: 0, consecutiveFailures: 2 });
    const { runner, events, calls, advance } = setup(hc, ['hang']);
    runner.start();
    await advance(0);
    await flush();
    expect(calls).toHaveLength(1);
    await advance(1);
    expect(calls[0].signal.aborted).toBe(false);
    await advance(1); // timeout at 2 s
    expect(calls[0].signal.aborted).toBe(true);
    expect(events).toEqual(['unhealthy:TCP health check timed out after 2s']);
    await advance(1); // next check 1 s after the previous ended, times out at 5 s
    expect(calls.map((c) => c.at)).toEqual([0, 3_000]);
    await advance(2);
    expect(events).toEqual(['unhealthy:TCP health check timed out after 2s', 'unhealthy:TCP health check timed out after 2s', 'kill:TCP health check timed out after 2s']);
  });

  it('stop cancels the schedule, aborts the check in flight and reports nothing more', async () => {
    const hc = check({ delaySeconds: 1, intervalSeconds: 1, timeoutSeconds: 5 });
    const { runner, events, calls, clock, advance } = setup(hc, ['hang']);
    runner.start();
    await advance(1);
    expect(calls).toHaveLength(1);
    runner.stop();
    expect(calls[0].signal.aborted).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
    await advance(30);
    expect(events).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('a rejecting or throwing probe is a failure', async () => {
    const clock = new FakeClock();
    const events: string[] = [];
    let n = 0;
    const runner = new HealthCheckRunner({
      check: check({ delaySeconds: 0, intervalSeconds: 1, gracePeriodSeconds: 0, consecutiveFailures: 5 }),
      clock,
      probe: () => {
        if (n++ === 0) return Promise.reject(new Error('rejected'));
        throw new Error('thrown');
      },
      onHealth: (healthy, cause) => events.push(`${healthy}:${cause}`),
      onKill: () => undefined,
    });
    runner.start();
    clock.advance(0);
    await flush();
    clock.advance(1000);
    await flush();
    expect(events).toEqual(['false:rejected', 'false:thrown']);
    runner.stop();
  });
});
