import { HealthCheck } from '@strato/app-definition';
import { HealthTracker, TrackedInstance } from './tracker';
import { HealthEvent } from './types';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const sec = (s: number): number => T0 + s * 1000;

const instance: TrackedInstance = {
  instanceId: 'app.instance-1',
  taskId: 'app.instance-1._app.1',
  appId: '/app',
  version: '2026-01-01T00:00:00.000Z',
  host: 'agent-1',
  agentId: 'agent-id-1',
  startedAt: '2026-01-01T00:00:00.000Z',
};

function check(overrides: Partial<HealthCheck> = {}): HealthCheck {
  return {
    protocol: 'HTTP',
    path: '/',
    gracePeriodSeconds: 10,
    intervalSeconds: 5,
    timeoutSeconds: 2,
    maxConsecutiveFailures: 3,
    delaySeconds: 0,
    ...overrides,
  };
}

type Step = [at: number, ok: boolean];
const types = (events: HealthEvent[]): string[] => events.map((e) => e.eventType);

/** Records the steps and returns the last verdict plus every event emitted on the way. */
function run(hc: HealthCheck, steps: Step[]) {
  const tracker = new HealthTracker(instance, hc);
  const events: string[][] = [];
  const kills: boolean[] = [];
  let last = tracker.toJson();
  for (const [at, ok] of steps) {
    const verdict = tracker.record(ok ? { ok } : { ok, cause: `fail@${at}` }, sec(at));
    events.push(types(verdict.events));
    kills.push(verdict.kill);
    last = verdict.result;
  }
  return { last, events, kills };
}

describe('HealthTracker rules', () => {
  it.each<[string, Partial<HealthCheck>, Step[], { alive: boolean; failures: number; kills: boolean[] }]>([
    ['failures in the grace period before any success are ignored', {}, [[1, false], [2, false], [3, false], [4, false]], { alive: false, failures: 0, kills: [false, false, false, false] }],
    ['failures after the grace period count and kill at the max', {}, [[11, false], [12, false], [13, false]], { alive: false, failures: 3, kills: [false, false, true] }],
    ['after a first success, failures count even inside the grace period', {}, [[1, true], [2, false], [3, false], [4, false]], { alive: false, failures: 3, kills: [false, false, false, true] }],
    ['a success resets the consecutive failures', {}, [[11, false], [12, false], [13, true], [14, false], [15, false]], { alive: false, failures: 2, kills: [false, false, false, false, false] }],
    ['maxConsecutiveFailures 0 never kills', { maxConsecutiveFailures: 0 }, [[11, false], [12, false], [13, false], [14, false], [15, false]], { alive: false, failures: 5, kills: [false, false, false, false, false] }],
    ['the kill is decided once', { maxConsecutiveFailures: 1 }, [[11, false], [12, false]], { alive: false, failures: 2, kills: [true, false] }],
    ['agent-run checks are counted without grace and never kill', { protocol: 'MESOS_HTTP', maxConsecutiveFailures: 1 }, [[1, false], [2, false]], { alive: false, failures: 2, kills: [false, false] }],
    ['healthy after a success', {}, [[11, false], [12, true]], { alive: true, failures: 0, kills: [false, false] }],
  ])('%s', (_name, overrides, steps, expected) => {
    const { last, kills } = run(check(overrides), steps);
    expect(last.alive).toBe(expected.alive);
    expect(last.consecutiveFailures).toBe(expected.failures);
    expect(kills).toEqual(expected.kills);
  });

  it('starts as not alive with empty fields in the healthCheckResults shape', () => {
    expect(new HealthTracker(instance, check()).toJson()).toEqual({
      instanceId: 'app.instance-1',
      alive: false,
      consecutiveFailures: 0,
      firstSuccess: null,
      lastSuccess: null,
      lastFailure: null,
      lastFailureCause: null,
    });
  });

  it('hands out the same frozen JSON until a recorded result changes the state', () => {
    const tracker = new HealthTracker(instance, check());
    const before = tracker.toJson();
    expect(Object.isFrozen(before)).toBe(true);
    expect(tracker.toJson()).toBe(before);
    tracker.record({ ok: true }, sec(1));
    const after = tracker.toJson();
    expect(after).not.toBe(before);
    expect(after.lastSuccess).toBe(new Date(sec(1)).toISOString());
    expect(tracker.toJson()).toBe(after);
  });

  it('keeps ISO times of the first and last success and the last failure with its cause', () => {
    const { last } = run(check(), [[1, true], [5, true], [7, false]]);
    expect(last).toEqual({
      instanceId: 'app.instance-1',
      alive: false,
      consecutiveFailures: 1,
      firstSuccess: '2026-01-01T00:00:01.000Z',
      lastSuccess: '2026-01-01T00:00:05.000Z',
      lastFailure: '2026-01-01T00:00:07.000Z',
      lastFailureCause: 'fail@7',
    });
  });

  it('an ignored failure changes nothing and says so', () => {
    const tracker = new HealthTracker(instance, check());
    const verdict = tracker.record({ ok: false, cause: 'refused' }, sec(3));
    expect(verdict).toEqual({ result: tracker.toJson(), events: [], ignored: true, kill: false });
    expect(verdict.result.lastFailure).toBeNull();
  });

  it('emits events only when alive flips, a failure counts, or it decides to kill', () => {
    const { events } = run(check({ maxConsecutiveFailures: 2 }), [[1, false], [2, true], [3, true], [4, false], [5, true], [6, false], [7, false]]);
    expect(events).toEqual([
      [],
      ['health_status_changed_event'],
      [],
      ['failed_health_check_event', 'health_status_changed_event'],
      ['health_status_changed_event'],
      ['failed_health_check_event', 'health_status_changed_event'],
      ['failed_health_check_event', 'unhealthy_instance_kill_event'],
    ]);
  });

  it('uses Marathon field names in events', () => {
    const tracker = new HealthTracker(instance, check({ maxConsecutiveFailures: 1 }));
    const up = tracker.record({ ok: true }, sec(1));
    expect(up.events).toEqual([
      {
        eventType: 'health_status_changed_event',
        timestamp: '2026-01-01T00:00:01.000Z',
        appId: '/app',
        instanceId: 'app.instance-1',
        taskId: 'app.instance-1._app.1',
        version: '2026-01-01T00:00:00.000Z',
        alive: true,
      },
    ]);
    const down = tracker.record({ ok: false, cause: 'HTTP 500' }, sec(2));
    expect(down.kill).toBe(true);
    expect(down.events).toEqual([
      {
        eventType: 'failed_health_check_event',
        timestamp: '2026-01-01T00:00:02.000Z',
        appId: '/app',
        instanceId: 'app.instance-1',
        taskId: 'app.instance-1._app.1',
        healthCheck: check({ maxConsecutiveFailures: 1 }),
      },
      {
        eventType: 'unhealthy_instance_kill_event',
        timestamp: '2026-01-01T00:00:02.000Z',
        appId: '/app',
        taskId: 'app.instance-1._app.1',
        instanceId: 'app.instance-1',
        version: '2026-01-01T00:00:00.000Z',
        reason: 'HTTP 500',
        host: 'agent-1',
        slaveId: 'agent-id-1',
      },
      expect.objectContaining({ eventType: 'health_status_changed_event', alive: false }),
    ]);
  });

  it('orders a failure and a success in the same millisecond by arrival', () => {
    const tracker = new HealthTracker(instance, check());
    tracker.record({ ok: true }, sec(1));
    tracker.record({ ok: false, cause: 'x' }, sec(2));
    expect(tracker.record({ ok: true }, sec(2)).result.alive).toBe(true);
  });
});
