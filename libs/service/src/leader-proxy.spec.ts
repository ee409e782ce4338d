import type { Response } from 'express';
import { createHttpApp, HttpServer, listenHttp } from './index';
import { leaderProxy, switchableApp } from './leader-proxy';

const servers: HttpServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function leaderServer(): Promise<string> {
  const app = createHttpApp();
  app.get('/v2/info', (req, res) => res.json({ name: 'leader', via: req.headers['x-test-via'] ?? null }));
  app.post('/v2/apps', (req, res) => res.status(201).json({ got: req.body }));
  app.get('/v2/events', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('event: hello\ndata: 1\n\n');
  });
  const server = await listenHttp(app, '127.0.0.1', 0);
  servers.push(server);
  return `http://127.0.0.1:${server.port}`;
}

const unavailable = (res: Response, message: string) => res.status(503).json({ message });

async function standby(leaderUrl: () => string | undefined) {
  const switchable = switchableApp(leaderProxy({ leaderUrl, viaHeader: 'X-Test-Via', self: 'standby:1', leaderHeader: 'X-Test-Leader', unavailable, timeoutMs: 2_000 }));
  const server = await listenHttp(switchable.app, '127.0.0.1', 0);
  servers.push(server);
  return { url: `http://127.0.0.1:${server.port}`, switchable };
}

describe('leaderProxy', () => {
  it('passes reads, writes and streams to the leader and says who leads', async () => {
    const leader = await leaderServer();
    const { url } = await standby(() => leader);
    const read = await fetch(`${url}/v2/info`);
    expect(read.status).toBe(200);
    expect(read.headers.get('x-test-leader')).toBe(leader);
    expect(await read.json()).toEqual({ name: 'leader', via: 'standby:1' });
    const write = await fetch(`${url}/v2/apps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: '/web' }) });
    expect(write.status).toBe(201);
    expect(await write.json()).toEqual({ got: { id: '/web' } });
    const controller = new AbortController();
    const events = await fetch(`${url}/v2/events`, { signal: controller.signal });
    const reader = events.body!.getReader();
    const { value } = await reader.read();
    expect(Buffer.from(value!).toString()).toContain('event: hello');
    controller.abort();
  });

  it('answers 503 with no leader, on a loop and when the leader is down', async () => {
    let leader: string | undefined;
    const { url } = await standby(() => leader);
    const none = await fetch(`${url}/v2/info`);
    expect(none.status).toBe(503);
    expect(await none.json()).toEqual({ message: 'Could not determine the current leader' });
    leader = 'http://127.0.0.1:1';
    const down = await fetch(`${url}/v2/info`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { message: string }).message).toMatch(/could not be reached/);
    const loop = await fetch(`${url}/v2/info`, { headers: { 'X-Test-Via': 'other:2' } });
    expect(loop.status).toBe(503);
    expect(((await loop.json()) as { message: string }).message).toMatch(/Proxy loop/);
  });

  it('switches to the local app when this instance becomes the leader', async () => {
    const { url, switchable } = await standby(() => undefined);
    expect((await fetch(`${url}/v2/info`)).status).toBe(503);
    const app = createHttpApp();
    app.get('/v2/info', (_req, res) => res.json({ name: 'me' }));
    switchable.use(app);
    expect(await (await fetch(`${url}/v2/info`)).json()).toEqual({ name: 'me' });
  });
});
