import { HttpServer, listenHttp, Metrics } from '@strato/service';
import { standbyApp } from '../ha/standby-app';

describe('the web UI mount', () => {
  let server: HttpServer;
  let base: string;

  beforeAll(async () => {
    // A standby that knows no leader: everything it proxies answers 503 JSON.
    const app = standbyApp({ metrics: new Metrics(), self: 'standby:1', leaderUrl: () => undefined, unavailableReason: () => undefined });
    server = await listenHttp(app, '127.0.0.1', 0);
    base = `http://127.0.0.1:${server.port}`;
  });

  afterAll(() => server.close());

  it('is served by a standby itself, not proxied to the leader', async () => {
    // Source tree: no dist/ui beside this module, so the local answer is serveUi's "not built" text.
    const ui = await fetch(`${base}/ui/`);
    expect(ui.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ui.text()).toMatch(/web UI is not built/);
    const api = await fetch(`${base}/v2/apps`);
    expect(api.status).toBe(503);
    expect(api.headers.get('content-type')).toMatch(/json/);
  });

  it('redirects / and /ui to /ui/', async () => {
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/ui/']);
    const bare = await fetch(`${base}/ui`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/ui/']);
  });
});
