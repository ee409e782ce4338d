import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { HealthCheck } from '@strato/app-definition';
import { FakeClock, systemClock } from '@strato/clock';
import { waitFor } from '@strato/testing';
import { HealthChecker, resolvePort } from './checker';
import { HealthProbe, ProbeTarget } from './probes';
import { HealthEvent, HealthInstance, ProbeResult } from './types';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function check(overrides: Partial<HealthCheck> = {}): HealthCheck {
  return { protocol: 'HTTP', path: '/health', gracePeriodSeconds: 0, intervalSeconds: 10, timeoutSeconds: 2, maxConsecutiveFailures: 3, delaySeconds: 5, ...overrides };
}

function instance(id: string, overrides: Partial<HealthInstance> = {}): HealthInstance {
  return { instanceId: id, taskId: `${id}.task`, appId: '/app', version: 'v1', host: '10.0.0.1', ports: [31000, 31001], startedAt: T0, ...overrides };
}

/** Lets resolved probe promises run their continuations (no time passes). */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A scripted probe: answers with `answer(target)` at once, or hangs until aborted when it returns 'hang'. */
function scriptedProbe(answer: (target: ProbeTarget) => ProbeResult | 'hang') {
  const calls: { target: ProbeTarget; at: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const clockRef: { clock?: FakeClock } = {};
  const probe: HealthProbe = (target, options) => {
    calls.push({ target, at: clockRef.clock?.now() ?? 0 });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const result = answer(target);
    const done = (r: ProbeResult): ProbeResult => {
      inFlight--;
      return r;
    };
    if (result !== 'hang') return Promise.resolve(done(result));
    return new Promise((resolve) => options.signal?.addEventListener('abort', () => resolve(done({ ok: false, cause: 'aborted' }))));
  };
  return { probe, calls, clockRef, maxInFlight: () => maxInFlight };
}

async function advance(clock: FakeClock, ms: number, step = 1000): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.advance(Math.min(step, ms - t));
    await flush();
  }
}

function setup(checks: HealthCheck[], answer: (target: ProbeTarget) => ProbeResult | 'hang') {
  const clock = new FakeClock(T0);
  const scripted = scriptedProbe(answer);
  scripted.clockRef.clock = clock;
  const events: HealthEvent[] = [];
  const kills: { instanceId: string; reason: string }[] = [];
  const checker = new HealthChecker({
    clock,
    healthChecks: checks,
    probe: scripted.probe,
    onEvent: (e) => events.push(e),
    onKill: (i, reason) => kills.push({ instanceId: i.instanceId, reason }),
  });
  return { clock, checker, events, kills, ...scripted };
}

describe('resolvePort', () => {
  it.each([
    [{}, 31000],
    [{ portIndex: 1 }, 31001],
    [{ port: 8080, portIndex: 1 }, 8080],
    [{ portIndex: 2 }, undefined],
  ])('%j -> %s', (overrides, expected) => {
    expect(resolvePort(check(overrides), { ports: [31000, 31001] })).toBe(expected);
  });
});

describe('HealthChecker on a fake clock', () => {
  it('probes delaySeconds after start, then every interval, and kills after maxConsecutiveFailures', async () => {
    const t = setup([check({ portIndex: 1 })], () => ({ ok: false, cause: 'HTTP 503' }));
    t.checker.update([instance('a')]);
    await advance(t.clock, 4000);
    expect(t.calls).toHaveLength(0);
    await advance(t.clock, 1000);
    expect(t.calls.map((c) => c.at - T0)).toEqual([5000]);
    expect(t.calls[0].target).toEqual({ protocol: 'HTTP', host: '10.0.0.1', port: 31001, path: '/health', ignoreHttp1xx: undefined });
    await advance(t.clock, 20_000);
    expect(t.calls.map((c) => c.at - T0)).toEqual([5000, 15_000, 25_000]);
    expect(t.kills).toEqual([{ instanceId: 'a', reason: 'HTTP 503' }]);
    expect(t.events.filter((e) => e.eventType === 'failed_health_check_event')).toHaveLength(3);
    expect(t.events.filter((e) => e.eventType === 'unhealthy_instance_kill_event')).toHaveLength(1);
    expect(t.checker.results('a')[0]).toMatchObject({ instanceId: 'a', alive: false, consecutiveFailures: 3, lastFailureCause: 'HTTP 503' });
    await advance(t.clock, 60_000);
    expect(t.calls).toHaveLength(3); // a killed instance is no longer probed
    expect(t.clock.pendingTimers()).toBe(0);
  });

  it('becomes healthy on success, emits the flip, and never kills with maxConsecutiveFailures 0', async () => {
    let ok = true;
    const t = setup([check({ maxConsecutiveFailures: 0, delaySeconds: 0 })], () => (ok ? { ok: true } : { ok: false, cause: 'down' }));
    t.checker.update([instance('a')]);
    await advance(t.clock, 1);
    expect(t.checker.healthy('a')).toBe(true);
    expect(t.events.map((e) => e.eventType)).toEqual(['health_status_changed_event']);
    ok = false;
    await advance(t.clock, 100_000);
    expect(t.checker.results('a')[0].consecutiveFailures).toBe(10);
    expect(t.checker.healthy('a')).toBe(false);
    expect(t.kills).toEqual([]);
  });

  it('ignores failures during the grace period', async () => {
    const t = setup([check({ gracePeriodSeconds: 30, delaySeconds: 0, maxConsecutiveFailures: 1 })], () => ({ ok: false, cause: 'refused' }));
    t.checker.update([instance('a')]);
    await advance(t.clock, 29_000);
    expect(t.calls).toHaveLength(3);
    expect(t.checker.results('a')[0].consecutiveFailures).toBe(0);
    expect(t.kills).toEqual([]);
    await advance(t.clock, 1000);
    expect(t.kills).toEqual([{ instanceId: 'a', reason: 'refused' }]);
  });

  it('counts a slow probe as a timeout and never overlaps it with the next one', async () => {
    const t = setup([check({ intervalSeconds: 1, timeoutSeconds: 3, delaySeconds: 0, maxConsecutiveFailures: 2 })], () => 'hang');
    t.checker.update([instance('a')]);
    await advance(t.clock, 2000, 500);
    expect(t.calls).toHaveLength(1);
    await advance(t.clock, 1000, 500);
    expect(t.checker.results('a')[0]).toMatchObject({ consecutiveFailures: 1, lastFailureCause: 'timeout after 3s' });
    await advance(t.clock, 3000, 500);
    expect(t.calls).toHaveLength(2);
    expect(t.maxInFlight()).toBe(1);
    expect(t.kills).toEqual([{ instanceId: 'a', reason: 'timeout after 3s' }]);
  });

  it('fails a check whose portIndex has no host port', async () => {
    const t = setup([check({ portIndex: 5, delaySeconds: 0 })], () => ({ ok: true }));
    t.checker.update([instance('a')]);
    await advance(t.clock, 1);
    expect(t.calls).toHaveLength(0);
    expect(t.checker.results('a')[0]).toMatchObject({ consecutiveFailures: 1, lastFailureCause: 'no host port at index 5' });
  });

  it('update adds and removes instances; removed ones stop being probed', async () => {
    const t = setup([check({ delaySeconds: 0 })], () => ({ ok: true }));
    t.checker.update([instance('a'), instance('b')]);
    await advance(t.clock, 1);
    expect(t.calls).toHaveLength(2);
    t.checker.update([instance('b')]);
    expect(t.checker.results('a')).toEqual([]);
    await advance(t.clock, 10_000);
    expect(t.calls.filter((c) => c.at > T0 + 1)).toHaveLength(1);
    expect(t.checker.results('b')[0].alive).toBe(true);
    t.checker.stop();
    expect(t.clock.pendingTimers()).toBe(0);
    await advance(t.clock, 60_000);
    expect(t.calls).toHaveLength(3);
  });

  it('does not probe agent-run checks and tracks their status-update results', async () => {
    const t = setup([check({ protocol: 'MESOS_HTTP', maxConsecutiveFailures: 1 })], () => ({ ok: true }));
    t.checker.update([instance('a')]);
    await advance(t.clock, 60_000);
    expect(t.calls).toHaveLength(0);
    t.checker.recordStatusHealth('a', true);
    expect(t.checker.healthy('a')).toBe(true);
    t.checker.recordStatusHealth('a', false);
    expect(t.checker.results('a')[0]).toMatchObject({ alive: false, consecutiveFailures: 1, lastFailureCause: 'unhealthy status update' });
    expect(t.kills).toEqual([]);
    expect(t.events.map((e) => e.eventType)).toEqual(['health_status_changed_event', 'failed_health_check_event', 'health_status_changed_event']);
  });
});

describe('HealthChecker with real probes and the system clock', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => res.writeHead(req.url === '/ok' ? 200 : 500).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('kills an instance whose endpoint answers 500 and keeps the healthy one', async () => {
    const kills: string[] = [];
    const checker = new HealthChecker({
      clock: systemClock,
      healthChecks: (i) => [check({ path: i.instanceId === 'good' ? '/ok' : '/bad', intervalSeconds: 0.02, delaySeconds: 0, timeoutSeconds: 1 })],
      onKill: (i, reason) => kills.push(`${i.instanceId}: ${reason}`),
    });
    try {
      checker.update([instance('good', { host: '127.0.0.1', ports: [port] }), instance('bad', { host: '127.0.0.1', ports: [port] })]);
      await waitFor(() => kills.length > 0 && checker.healthy('good'), { description: 'the bad instance killed' });
      expect(kills).toEqual(['bad: HTTP 500']);
      expect(checker.results('bad')[0].consecutiveFailures).toBe(3);
    } finally {
      checker.stop();
    }
  });
});
