import { FakeClock } from '@strato/clock';
import { createHttpApp, HttpServer, listenHttp, Metrics } from '@strato/service';
import { waitFor } from '@strato/testing';
import { ClientRequest, get, IncomingMessage } from 'node:http';
import { EventBus } from './event-bus';
import { MarathonEvent } from './events';
import { SseHandle, sseRoute } from './sse-route';

interface Frame {
  readonly event: string;
  readonly data: MarathonEvent;
}

/** A real streaming HTTP client that records everything it reads. */
class StreamClient {
  text = '';
  ended = false;
  private constructor(
    readonly req: ClientRequest,
    readonly res: IncomingMessage,
  ) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (this.text += chunk));
    res.on('end', () => (this.ended = true));
    res.on('close', () => (this.ended = true));
    res.on('error', () => (this.ended = true));
  }

  static open(port: number, query = '', options: { accept?: string; paused?: boolean } = {}): Promise<StreamClient> {
    return new Promise((resolve, reject) => {
      const req = get({ host: '127.0.0.1', port, path: `/v2/events${query}`, headers: { accept: options.accept ?? 'text/event-stream' } }, (res) => {
        const client = new StreamClient(req, res);
        if (options.paused) {
          res.pause();
          res.socket.pause();
        }
        resolve(client);
      });
      req.on('error', reject);
    });
  }

  frames(): Frame[] {
    return this.text
      .split('\n\n')
      .filter((block) => block.startsWith('event: '))
      .map((block) => {
        const [eventLine, dataLine, ...rest] = block.split('\n');
        if (rest.length > 0 || !dataLine.startsWith('data: ')) throw new Error(`malformed frame: ${JSON.stringify(block)}`);
        return { event: eventLine.slice('event: '.length), data: JSON.parse(dataLine.slice('data: '.length)) as MarathonEvent };
      });
  }

  types(): string[] {
    return this.frames().map((f) => f.event);
  }

  destroy(): void {
    this.req.destroy();
  }
}

describe('GET /v2/events (real HTTP)', () => {
  let clock: FakeClock;
  let metrics: Metrics;
  let bus: EventBus;
  let sse: SseHandle;
  let http: HttpServer;
  let clients: StreamClient[];

  async function open(query = '', options: { accept?: string; paused?: boolean } = {}): Promise<StreamClient> {
    const client = await StreamClient.open(http.port, query, options);
    clients.push(client);
    return client;
  }

  async function start(maxOutstanding?: number): Promise<void> {
    clock = new FakeClock(Date.parse('2015-09-30T12:44:30.061Z'));
    metrics = new Metrics();
    bus = new EventBus({ clock, metrics, maxOutstanding });
    const app = createHttpApp();
    sse = sseRoute(app, bus, { clock, keepAliveMs: 1000 });
    http = await listenHttp(app, '127.0.0.1', 0);
  }

  beforeEach(async () => {
    clients = [];
    await start();
  });

  afterEach(async () => {
    clients.forEach((c) => c.destroy());
    await http.close();
  });

  it('streams Marathon-format frames with SSE headers, starting with its own event_stream_attached', async () => {
    const client = await open();
    expect(client.res.statusCode).toBe(200);
    expect(client.res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(client.res.headers['cache-control']).toBe('no-cache');
    await waitFor(() => bus.subscriberCount() === 1);
    bus.publish({
      eventType: 'status_update_event', slaveId: 'S6', taskId: 'foo.1', taskStatus: 'TASK_RUNNING', message: '',
      appId: '/foo', host: 'srv5', ipAddresses: [{ ipAddress: '10.0.0.5', protocol: 'IPv4' }], ports: [31776], version: 'v1',
    });
    await waitFor(() => client.frames().length >= 2, { description: 'two frames' });
    const [attached, update] = client.frames();
    expect(attached.event).toBe('event_stream_attached');
    expect(attached.data).toEqual({ remoteAddress: '127.0.0.1', eventType: 'event_stream_attached', timestamp: '2015-09-30T12:44:30.061Z' });
    expect(update.event).toBe('status_update_event');
    expect(update.data).toMatchObject({ taskStatus: 'TASK_RUNNING', appId: '/foo', ports: [31776], eventType: 'status_update_event' });
    expect(client.text).toMatch(/^event: event_stream_attached\ndata: \{[^\n]*\}\n\nevent: status_update_event\ndata: \{[^\n]*\}\n\n$/);
  });

  it('filters by repeated event_type parameters', async () => {
    const filtered = await open('?event_type=app_terminated_event&event_type=group_change_success');
    const all = await open();
    await waitFor(() => bus.subscriberCount() === 2);
    bus.publish({ eventType: 'scheduler_disconnected_event' });
    bus.publish({ eventType: 'app_terminated_event', appId: '/a' });
    bus.publish({ eventType: 'group_change_success', groupId: '/', version: 'v2' });
    await waitFor(() => all.types().includes('group_change_success'));
    await waitFor(() => filtered.types().length >= 2);
    expect(filtered.types()).toEqual(['app_terminated_event', 'group_change_success']);
    expect(all.types()).toEqual(['event_stream_attached', 'scheduler_disconnected_event', 'app_terminated_event', 'group_change_success']);
  });

  it('answers 406 with a JSON message when the client does not accept text/event-stream', async () => {
    const res = await fetch(`http://127.0.0.1:${http.port}/v2/events`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(406);
    expect(await res.json()).toEqual({ message: expect.stringMatching(/text\/event-stream/) });
    expect(bus.subscriberCount()).toBe(0);
  });

  it('sends a keep-alive comment every interval of the injected clock', async () => {
    const client = await open('?event_type=app_terminated_event');
    await waitFor(() => bus.subscriberCount() === 1);
    expect(client.text).not.toContain(':\n\n');
    clock.advance(999);
    clock.advance(1);
    await waitFor(() => client.text === ':\n\n', { description: 'first keep-alive' });
    clock.advance(1000);
    await waitFor(() => client.text === ':\n\n:\n\n', { description: 'second keep-alive' });
  });

  it('publishes event_stream_detached and frees the subscription when the client goes away', async () => {
    const watcher = await open('?event_type=event_stream_detached');
    const leaving = await open();
    await waitFor(() => sse.connections() === 2);
    leaving.destroy();
    await waitFor(() => watcher.frames().length === 1, { description: 'detached event' });
    expect(watcher.frames()[0].data).toMatchObject({ eventType: 'event_stream_detached', remoteAddress: '127.0.0.1' });
    await waitFor(() => sse.connections() === 1 && bus.subscriberCount() === 1);
    expect(clock.pendingTimers()).toBe(1); // only the watcher's keep-alive is left
  });

  it('ends every stream on closeAll, so clients and the server shut down cleanly', async () => {
    const a = await open();
    const b = await open('?event_type=app_terminated_event');
    await waitFor(() => sse.connections() === 2);
    sse.closeAll();
    await waitFor(() => a.ended && b.ended, { description: 'streams ended' });
    expect(a.types()).toEqual(['event_stream_attached', 'event_stream_attached']);
    expect(sse.connections()).toBe(0);
    expect(bus.subscriberCount()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('drops a client that stops reading once its buffer overflows, while a reading client keeps up', async () => {
    await http.close();
    await start(4);
    const slow = await open('', { paused: true });
    const fast = await open();
    await waitFor(() => bus.subscriberCount() === 2);
    const message = 'x'.repeat(256 * 1024);
    let published = 0;
    await waitFor(
      () => {
        // One per poll: the reading client drains between polls, the paused one never does.
        published++;
        bus.publish({ eventType: 'app_terminated_event', appId: `/${published}`, ...{ message } } as never);
        return metrics.counter('events/dropped_subscribers') >= 1;
      },
      { timeoutMs: 20_000, intervalMs: 10, description: 'the slow client to be dropped' },
    );
    await waitFor(() => sse.connections() === 1, { description: 'server side of the slow stream closed' });
    // A paused socket can't see the close; once it reads again it finds the stream cut short.
    slow.res.socket.resume();
    slow.res.resume();
    await waitFor(() => slow.ended, { description: 'slow connection closed' });
    expect(metrics.counter('events/dropped_subscribers')).toBe(1);
    expect(bus.subscriberCount()).toBe(1);
    bus.publish({ eventType: 'scheduler_disconnected_event' });
    await waitFor(() => fast.types().includes('scheduler_disconnected_event'), { timeoutMs: 20_000, description: 'fast client to catch up' });
    expect(fast.types().filter((t) => t === 'app_terminated_event')).toHaveLength(published);
    expect(fast.ended).toBe(false);
  }, 30_000);
});
