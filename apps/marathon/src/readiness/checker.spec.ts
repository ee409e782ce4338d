import type { ReadinessCheck } from '@strato/app-definition';
import { FakeClock } from '@strato/clock';
import type { HttpGetResult } from '../health';
import { ReadinessChecker } from './checker';
import type { ReadinessInstance, ReadinessProbe, ReadinessTarget } from './types';

const check: ReadinessCheck = {
  name: 'readinessCheck', protocol: 'HTTP', path: '/ready', portName: 'http', intervalSeconds: 10, timeoutSeconds: 5,
  httpStatusCodesForReady: [200], preserveLastResponse: false,
};
const answer = (status: number): HttpGetResult => ({ ok: true, answer: { status, contentType: 'text/plain', body: `s${status}` } });

function instance(extra: Partial<ReadinessInstance> = {}): ReadinessInstance {
  return { instanceId: 'i1', taskId: 'i1._app', host: 'h1', ports: [31000, 31001], portNames: ['admin', 'http'], checks: [check], ...extra };
}

/** A probe answering `next` (or never, when `hang`), recording targets and abort signals. */
class FakeGet {
  readonly calls: ReadinessTarget[] = [];
  readonly signals: AbortSignal[] = [];
  next: HttpGetResult = answer(503);
  hang = false;
  readonly probe: ReadinessProbe = (target, { signal }) => {
    this.calls.push(target);
    if (signal) this.signals.push(signal);
    if (!this.hang) return Promise.resolve(this.next);
    return new Promise((resolve) => signal?.addEventListener('abort', () => resolve({ ok: false, cause: 'aborted' })));
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function advance(clock: FakeClock, ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= 1000) {
    clock.advance(Math.min(1000, left));
    await settle();
  }
}

function setup() {
  const clock = new FakeClock(0);
  const get = new FakeGet();
  const changes: string[] = [];
  const checker = new ReadinessChecker({ clock, probe: get.probe, onChange: (i) => changes.push(i.instanceId) });
  return { clock, get, changes, checker };
}

describe('ReadinessChecker', () => {
  it('polls the named port at once, then every intervalSeconds until ready, then stops', async () => {
    const { clock, get, changes, checker } = setup();
    checker.update([instance()]);
    expect(checker.ready('i1')).toBe(false);
    await advance(clock, 1);
    expect(get.calls).toEqual([{ protocol: 'HTTP', host: 'h1', port: 31001, path: '/ready' }]);
    expect(checker.results('i1')).toEqual([{ name: 'readinessCheck', taskId: 'i1._app', ready: false }]);
    expect(changes).toEqual(['i1']);
    await advance(clock, 9000);
    expect(get.calls).toHaveLength(1);
    await advance(clock, 1000);
    expect(get.calls).toHaveLength(2);
    expect(changes).toEqual(['i1']); // same answer: no change
    get.next = answer(200);
    await advance(clock, 10_000);
    expect(checker.ready('i1')).toBe(true);
    expect(changes).toEqual(['i1', 'i1']);
    await advance(clock, 60_000);
    expect(get.calls).toHaveLength(3);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('keeps the last response only with preserveLastResponse', async () => {
    const { clock, get, checker } = setup();
    checker.update([instance({ checks: [{ ...check, preserveLastResponse: true, httpStatusCodesForReady: [204] }] })]);
    get.next = answer(200);
    await advance(clock, 1);
    expect(checker.results('i1')).toEqual([
      { name: 'readinessCheck', taskId: 'i1._app', ready: false, lastResponse: { status: 200, contentType: 'text/plain', body: 's200' } },
    ]);
    get.next = { ok: false, cause: 'connect ECONNREFUSED' };
    await advance(clock, 10_000);
    expect(checker.results('i1')).toEqual([{ name: 'readinessCheck', taskId: 'i1._app', ready: false }]);
  });

  it('counts a run past timeoutSeconds as not ready and aborts it', async () => {
    const { clock, get, checker } = setup();
    get.hang = true;
    checker.update([instance()]);
    await advance(clock, 4000);
    expect(get.signals[0].aborted).toBe(false);
    expect(checker.results('i1')).toEqual([]);
    await advance(clock, 1000);
    expect(get.signals[0].aborted).toBe(true);
    expect(checker.results('i1')).toEqual([{ name: 'readinessCheck', taskId: 'i1._app', ready: false }]);
    await advance(clock, 5000);
    expect(get.calls).toHaveLength(2);
  });

  it('is not ready without a port of that name, and never probes', async () => {
    const { clock, get, checker } = setup();
    checker.update([instance({ portNames: ['admin', undefined] })]);
    await advance(clock, 20_000);
    expect(get.calls).toEqual([]);
    expect(checker.results('i1')).toEqual([{ name: 'readinessCheck', taskId: 'i1._app', ready: false }]);
  });

  it('forgets removed instances (timers and results) and restarts for a new task of the same instance', async () => {
    const { clock, get, checker } = setup();
    get.next = answer(200);
    checker.update([instance()]);
    await advance(clock, 1);
    expect(checker.ready('i1')).toBe(true);
    checker.update([instance({ taskId: 'i1._app.2' })]);
    expect(checker.ready('i1')).toBe(false);
    await advance(clock, 1);
    expect(checker.results('i1')).toEqual([{ name: 'readinessCheck', taskId: 'i1._app.2', ready: true }]);
    get.next = answer(503);
    checker.update([]);
    expect(checker.results('i1')).toEqual([]);
    expect(checker.watching('i1')).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
    checker.update([instance()]);
    checker.stop();
    await advance(clock, 20_000);
    expect(get.calls).toHaveLength(2);
  });
});
