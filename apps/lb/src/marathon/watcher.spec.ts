import { FakeClock } from '@strato/clock';
import { EventStreamSource, StreamHandlers } from './marathon-client';
import { MarathonWatcher } from './watcher';

/** A stream source whose connections the test opens, feeds and ends by hand. */
class ScriptedSource implements EventStreamSource {
  readonly attempts: number[] = [];
  private current?: { handlers: StreamHandlers; end: (error?: Error) => void };

  constructor(private readonly clock: FakeClock) {}

  stream(handlers: StreamHandlers, signal: AbortSignal): Promise<void> {
    this.attempts.push(this.clock.now());
    return new Promise((resolve, reject) => {
      this.current = { handlers, end: (error) => (error ? reject(error) : resolve()) };
      signal.addEventListener('abort', () => reject(new Error('aborted')));
    });
  }

  open(): void {
    this.current!.handlers.onOpen('http://marathon');
  }

  emit(type: string): void {
    this.current!.handlers.onEvent(type, '{}');
  }

  fail(message = 'connection refused'): void {
    this.current!.end(new Error(message));
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('MarathonWatcher', () => {
  const setup = () => {
    const clock = new FakeClock(0);
    const source = new ScriptedSource(clock);
    const seen: string[] = [];
    const watcher = new MarathonWatcher(source, clock, { maxMs: 10_000, longLivedMs: 60_000 }, {
      connected: () => seen.push('connected'),
      event: (type) => seen.push(type),
      disconnected: (reason, retryInMs) => seen.push(`down ${retryInMs} ${reason}`),
    });
    return { clock, source, seen, watcher };
  };

  it('reports connection and events, and reconnects after 3 s growing ×1.5 up to --max-backoff', async () => {
    const { clock, source, seen, watcher } = setup();
    watcher.start();
    await flush();
    for (let i = 0; i < 6; i++) {
      source.fail();
      await flush();
      clock.advance(20_000);
      await flush();
    }
    expect(seen.filter((s) => s.startsWith('down')).map((s) => Number(s.split(' ')[1]))).toEqual([3000, 4500, 6750, 10_000, 10_000, 10_000]);
    source.open();
    source.emit('status_update_event');
    expect(watcher.connected()).toBe(true);
    expect(seen.slice(-2)).toEqual(['connected', 'status_update_event']);
    await watcher.stop();
    expect(watcher.connected()).toBe(false);
  });

  it('starts again from 3 s after a long-lived stream', async () => {
    const { clock, source, seen, watcher } = setup();
    watcher.start();
    await flush();
    source.fail();
    await flush();
    clock.advance(3000);
    await flush();
    source.open();
    clock.advance(61_000);
    source.fail('silent');
    await flush();
    expect(seen.filter((s) => s.startsWith('down'))).toEqual(['down 3000 connection refused', 'down 3000 silent']);
    expect(source.attempts).toEqual([0, 3000]);
    await watcher.stop();
  });

  it('stop ends an open stream and a pending wait, with no timer left', async () => {
    const { clock, source, watcher } = setup();
    watcher.start();
    await flush();
    source.fail();
    await flush();
    await watcher.stop();
    expect(clock.pendingTimers()).toBe(0);
  });
});
