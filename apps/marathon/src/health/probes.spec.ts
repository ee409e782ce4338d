import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo, createServer as createTcpServer, Server as TcpServer, Socket } from 'node:net';
import { defaultProbe, httpGet, httpProbe, judgeStatus, MAX_BODY_BYTES, tcpProbe } from './probes';
import { TEST_CERT, TEST_KEY } from './test-cert.fixture';

type AnyServer = Server | TcpServer;

function handler(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/ok') return void res.writeHead(200).end('ok');
  if (req.url === '/redirect') return void res.writeHead(302, { Location: '/ok' }).end();
  if (req.url === '/fail') return void res.writeHead(500).end('boom');
  if (req.url === '/json') return void res.writeHead(503, { 'Content-Type': 'application/json' }).end('{"ready":false}');
  if (req.url === '/big') return void res.writeHead(200).end('x'.repeat(MAX_BODY_BYTES + 10));
  if (req.url === '/slow') return; // never answers: the probe must time out
  res.writeHead(404).end();
}

async function listen<S extends AnyServer>(server: S): Promise<{ server: S; port: number }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Closes the server and every socket it holds open (the slow route keeps one). */
function close(server: AnyServer, sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

function tracked<S extends AnyServer>(server: S): { server: S; sockets: Set<Socket> } {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return { server, sockets };
}

describe('judgeStatus', () => {
  it.each([
    [200, false, { ok: true }],
    [204, false, { ok: true }],
    [302, false, { ok: true }],
    [399, false, { ok: true }],
    [400, false, { ok: false, cause: 'HTTP 400' }],
    [500, false, { ok: false, cause: 'HTTP 500' }],
    [101, false, { ok: false, cause: 'HTTP 101' }],
    [101, true, { ok: false, ignored: true, cause: 'HTTP 101' }],
    [500, true, { ok: false, cause: 'HTTP 500' }],
  ])('status %i with ignoreHttp1xx=%s', (status, ignore, expected) => {
    expect(judgeStatus(status, ignore)).toEqual(expected);
  });
});

describe('HTTP probe against a real server', () => {
  const http = tracked(createHttpServer(handler));
  let port = 0;
  beforeAll(async () => ({ port } = await listen(http.server)));
  afterAll(() => close(http.server, http.sockets));

  const probe = (path: string, timeoutMs = 2000) => httpProbe({ protocol: 'HTTP', host: '127.0.0.1', port, path }, { timeoutMs });

  it('is healthy on 200 and on a redirect (not followed)', async () => {
    await expect(probe('/ok')).resolves.toEqual({ ok: true });
    await expect(probe('/redirect')).resolves.toEqual({ ok: true });
  });

  it('is unhealthy on 500 and 404 with the status as cause', async () => {
    await expect(probe('/fail')).resolves.toEqual({ ok: false, cause: 'HTTP 500' });
    await expect(probe('/missing')).resolves.toEqual({ ok: false, cause: 'HTTP 404' });
  });

  it('fails a slow answer with "timeout after Ns"', async () => {
    await expect(probe('/slow', 200)).resolves.toEqual({ ok: false, cause: 'timeout after 0.2s' });
  });

  it('settles at once as a failure when aborted', async () => {
    const abort = new AbortController();
    const pending = httpProbe({ protocol: 'HTTP', host: '127.0.0.1', port, path: '/slow' }, { timeoutMs: 60_000, signal: abort.signal });
    abort.abort();
    await expect(pending).resolves.toEqual({ ok: false, cause: 'aborted' });
  });

  it('defaults the path to / and dispatches HTTP through defaultProbe', async () => {
    await expect(defaultProbe({ protocol: 'HTTP', host: '127.0.0.1', port }, { timeoutMs: 2000 })).resolves.toEqual({ ok: false, cause: 'HTTP 404' });
  });

  it('httpGet returns the status, content type and body (cut at MAX_BODY_BYTES), or the cause', async () => {
    const get = (path: string, timeoutMs = 2000) => httpGet({ protocol: 'HTTP', host: '127.0.0.1', port, path }, { timeoutMs });
    await expect(get('/json')).resolves.toEqual({ ok: true, answer: { status: 503, contentType: 'application/json', body: '{"ready":false}' } });
    expect((await get('/big')).answer?.body).toHaveLength(MAX_BODY_BYTES);
    await expect(get('/slow', 200)).resolves.toEqual({ ok: false, cause: 'timeout after 0.2s' });
  });
});

describe('HTTPS probe', () => {
  const https = tracked(createHttpsServer({ key: TEST_KEY, cert: TEST_CERT }, handler));
  let port = 0;
  beforeAll(async () => ({ port } = await listen(https.server)));
  afterAll(() => close(https.server, https.sockets));

  it('accepts a self-signed certificate and judges the status', async () => {
    await expect(httpProbe({ protocol: 'HTTPS', host: '127.0.0.1', port, path: '/ok' }, { timeoutMs: 2000 })).resolves.toEqual({ ok: true });
    await expect(httpProbe({ protocol: 'HTTPS', host: '127.0.0.1', port, path: '/fail' }, { timeoutMs: 2000 })).resolves.toEqual({ ok: false, cause: 'HTTP 500' });
  });

  it('fails when speaking plain HTTP to it', async () => {
    const result = await httpProbe({ protocol: 'HTTP', host: '127.0.0.1', port, path: '/ok' }, { timeoutMs: 2000 });
    expect(result.ok).toBe(false);
  });
});

describe('a final 1xx answer', () => {
  const raw = tracked(
    createTcpServer((socket) => {
      socket.once('data', () => socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n'));
    }),
  );
  let port = 0;
  beforeAll(async () => ({ port } = await listen(raw.server)));
  afterAll(() => close(raw.server, raw.sockets));

  it('is discarded with ignoreHttp1xx and unhealthy without', async () => {
    const target = { protocol: 'HTTP' as const, host: '127.0.0.1', port, path: '/' };
    await expect(httpProbe({ ...target, ignoreHttp1xx: true }, { timeoutMs: 2000 })).resolves.toEqual({ ok: false, ignored: true, cause: 'HTTP 101' });
    await expect(httpProbe(target, { timeoutMs: 2000 })).resolves.toEqual({ ok: false, cause: 'HTTP 101' });
  });
});

describe('TCP probe', () => {
  it('is healthy when the port accepts and unhealthy once it is closed', async () => {
    const tcp = tracked(createTcpServer((s) => s.end()));
    const { port } = await listen(tcp.server);
    try {
      await expect(tcpProbe({ protocol: 'TCP', host: '127.0.0.1', port }, { timeoutMs: 2000 })).resolves.toEqual({ ok: true });
      await expect(defaultProbe({ protocol: 'TCP', host: '127.0.0.1', port }, { timeoutMs: 2000 })).resolves.toEqual({ ok: true });
    } finally {
      await close(tcp.server, tcp.sockets);
    }
    const closed = await tcpProbe({ protocol: 'TCP', host: '127.0.0.1', port }, { timeoutMs: 2000 });
    expect(closed.ok).toBe(false);
    expect(closed.cause).toMatch(/ECONNREFUSED/);
  });
});
