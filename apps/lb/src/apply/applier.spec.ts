import { FakeClock } from '@strato/clock';
import type { Rendered } from '@strato/haproxy-config';
import { Metrics } from '@strato/service';
import { FakeHaproxy } from '../testing/fake-haproxy';
import { Applier } from './applier';

/** A one-backend config with two slots; `structure` masks the slot values, as the renderer does. */
function config(servers: (string | undefined)[], extra = ''): Rendered {
  const slots = servers.map((address, i) => ({ slot: `web_10000_s${i}`, address: address ?? '127.0.0.1', port: address ? 31000 : 1, enabled: address !== undefined }));
  const lines = (mask: boolean) => slots.map((s) => `  server ${s.slot} ${mask ? '<addr>' : `${s.address}:${s.port}${s.enabled ? '' : ' disabled'}`}`);
  const head = `frontend web_10000\n  bind *:10000\n${extra}backend web_10000\n`;
  return { text: head + lines(false).join('\n'), structure: head + lines(true).join('\n'), backends: new Map([['web_10000', slots]]), problems: [] };
}

describe('Applier', () => {
  const setup = (minReloadIntervalMs = 1000) => {
    const clock = new FakeClock(10_000);
    const port = new FakeHaproxy();
    const metrics = new Metrics();
    const applier = new Applier({ port, clock, metrics }, { skipValidation: false, minReloadIntervalMs });
    return { clock, port, metrics, applier };
  };

  it('starts HAProxy on the first config, then does nothing for the same text', async () => {
    const { port, applier } = setup();
    const first = config(['10.0.0.1', undefined]);
    await expect(applier.apply(first)).resolves.toMatchObject({ kind: 'started' });
    await expect(applier.apply(config(['10.0.0.1', undefined]))).resolves.toMatchObject({ kind: 'none' });
    expect(port.calls).toEqual(['install', 'start']);
    expect(applier.current()).toBe(first);
  });

  it('applies a membership change through the runtime API, without a reload', async () => {
    const { port, metrics, applier } = setup();
    await applier.apply(config(['10.0.0.1', undefined]));
    const outcome = await applier.apply(config(['10.0.0.1', '10.0.0.2']));
    expect(outcome).toMatchObject({ kind: 'runtime', commands: 2 });
    expect(port.calls.slice(2)).toEqual(['install unchecked', 'runtime set server web_10000/web_10000_s1 addr 10.0.0.2 port 31000; set server web_10000/web_10000_s1 state ready']);
    expect(port.serving).toContain('10.0.0.2:31000');
    expect(metrics.counter('lb/runtime_updates')).toBe(1);
    expect(metrics.counter('lb/reloads')).toBe(0);
  });

  it('falls back to a reload when a runtime answer is unexpected', async () => {
    const { clock, port, metrics, applier } = setup();
    await applier.apply(config(['10.0.0.1', undefined]));
    clock.advance(5000);
    port.runtimeAnswer = { ok: false, command: 'set server x', answer: 'No such server.' };
    const outcome = await applier.apply(config([undefined, '10.0.0.2']));
    expect(outcome.kind).toBe('reload');
    expect(outcome.detail).toMatch(/No such server/);
    expect(port.calls.slice(2)).toEqual([
      'install unchecked', 'runtime set server web_10000/web_10000_s0 state maint; set server web_10000/web_10000_s0 addr 127.0.0.1 port 1; set server web_10000/web_10000_s1 addr 10.0.0.2 port 31000; set server web_10000/web_10000_s1 state ready',
      'install', 'reload',
    ]);
    expect(metrics.counter('lb/runtime_fallbacks')).toBe(1);
  });

  it('reloads on a structural change', async () => {
    const { clock, port, applier } = setup();
    await applier.apply(config(['10.0.0.1', undefined]));
    clock.advance(5000);
    const next = config(['10.0.0.1', undefined], '  option httplog\n');
    await expect(applier.apply(next)).resolves.toMatchObject({ kind: 'reload' });
    expect(port.calls.slice(2)).toEqual(['install', 'reload']);
    expect(applier.current()).toBe(next);
  });

  it('keeps the last good config when the next one is invalid, and reports why', async () => {
    const { clock, port, metrics, applier } = setup();
    const good = config(['10.0.0.1', undefined]);
    await applier.apply(good);
    clock.advance(5000);
    const outcome = await applier.apply(config(['10.0.0.1', undefined], '  INVALID\n'));
    expect(outcome.kind).toBe('invalid');
    expect(outcome.detail).toMatch(/unknown keyword 'INVALID'/);
    expect(port.calls).toEqual(['install', 'start', 'install']);
    expect(port.serving).toBe(good.text);
    expect(applier.current()).toBe(good);
    expect(applier.lastError()?.message).toMatch(/INVALID/);
    expect(metrics.counter('lb/validation_failures')).toBe(1);
  });

  it('defers a reload within --min-reload-interval instead of waiting for it, then reloads once allowed', async () => {
    const { clock, port, metrics, applier } = setup(1000);
    await applier.apply(config(['10.0.0.1', undefined]));
    // Starting HAProxy replaces no worker: the first reload need not wait.
    await expect(applier.apply(config(['10.0.0.1', undefined], '  option httplog\n'))).resolves.toMatchObject({ kind: 'reload', at: 10_000 });
    clock.advance(300);
    const next = config(['10.0.0.1', undefined], '  option httplog\n  option dontlognull\n');
    await expect(applier.apply(next)).resolves.toMatchObject({ kind: 'deferred', retryInMs: 700, at: 10_300 });
    expect(port.calls).toEqual(['install', 'start', 'install', 'reload']);
    expect(metrics.counter('lb/reloads_delayed')).toBe(1);
    clock.advance(699);
    await expect(applier.apply(next)).resolves.toMatchObject({ kind: 'deferred', retryInMs: 1 });
    clock.advance(1);
    await expect(applier.apply(next)).resolves.toMatchObject({ kind: 'reload', at: 11_000 });
    expect(port.calls).toEqual(['install', 'start', 'install', 'reload', 'install', 'reload']);
    expect(applier.current()).toBe(next);
  });

  it('applies the membership changes a reload-bound config carries through the runtime API first', async () => {
    const clock = new FakeClock(10_000);
    const port = new FakeHaproxy();
    const metrics = new Metrics();
    const running = config(['10.0.0.1', undefined]);
    const interim = config(['10.0.0.1', '10.0.0.2']);
    const next = config(['10.0.0.1', '10.0.0.2'], '  option httplog\n');
    const seen: [Rendered | undefined, Rendered][] = [];
    const applier = new Applier({
      port, clock, metrics,
      interim: (current, to) => {
        seen.push([current, to]);
        return current === running ? { rendered: interim, commands: ['set server web_10000/web_10000_s1 state ready'] } : undefined;
      },
    }, { skipValidation: false, minReloadIntervalMs: 1000 });
    await applier.apply(config(['10.0.0.1', undefined], '  option dontlognull\n'));
    await applier.apply(running); // a reload: the next one is deferred
    await expect(applier.apply(next)).resolves.toMatchObject({ kind: 'deferred' });
    expect(seen.at(-1)).toEqual([running, next]);
    expect(port.calls.slice(2)).toEqual(['install', 'reload', 'install unchecked', 'runtime set server web_10000/web_10000_s1 state ready']);
    expect(port.serving).toBe(interim.text);
    expect(applier.current()).toBe(interim);
    expect(metrics.counter('lb/runtime_updates')).toBe(1);
    clock.advance(1000);
    await expect(applier.apply(next)).resolves.toMatchObject({ kind: 'reload' });
    expect(port.calls.slice(6)).toEqual(['install', 'reload']);
    expect(port.serving).toBe(next.text);
  });

  it('still reloads when the runtime API refuses the changes ahead of it', async () => {
    const { clock, port, metrics } = setup();
    const interim = config(['10.0.0.1', '10.0.0.2']);
    const applier = new Applier({ port, clock, metrics, interim: () => ({ rendered: interim, commands: ['set server x'] }) }, { skipValidation: false, minReloadIntervalMs: 1000 });
    await applier.apply(config(['10.0.0.1', undefined]));
    clock.advance(5000);
    port.runtimeAnswer = { ok: false, command: 'set server x', answer: 'No such server.' };
    const next = config(['10.0.0.1', '10.0.0.2'], '  option httplog\n');
    await expect(applier.apply(next)).resolves.toMatchObject({ kind: 'reload' });
    expect(port.calls.slice(2)).toEqual(['install unchecked', 'runtime set server x', 'install', 'reload']);
    expect(metrics.counter('lb/runtime_fallbacks')).toBe(1);
    expect(applier.current()).toBe(next);
  });

  it('reports a failed reload and keeps the previous config as current', async () => {
    const { clock, port, applier } = setup();
    const good = config(['10.0.0.1', undefined]);
    await applier.apply(good);
    clock.advance(5000);
    port.reload = async () => {
      throw new Error('haproxy reload failed');
    };
    await expect(applier.apply(config(['10.0.0.1', undefined], '  option httplog\n'))).resolves.toMatchObject({ kind: 'failed', detail: 'haproxy reload failed' });
    expect(applier.current()).toBe(good);
  });
});
