import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@strato/testing';
import { createHttpApp, listenHttp } from './http';
import { serveUi } from './ui';

async function get(port: number, path: string): Promise<{ status: number; location: string | null; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

describe('serveUi', () => {
  it('serves index.html at the mount, its files below it, redirects the bare mount once, and 503s without a build', async () => {
    const dir = tempDir('strato-ui-');
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'style.css'), 'body{}');
    const app = createHttpApp();
    serveUi(app, '/ui', dir);
    serveUi(app, '/missing', join(dir, 'nope'));
    app.get('/ui/api', (_req, res) => res.json({ ok: true })); // not shadowed by the static files
    const server = await listenHttp(app, '127.0.0.1', 0);
    try {
      expect(await get(server.port, '/ui')).toMatchObject({ status: 301, location: '/ui/' });
      expect(await get(server.port, '/ui/')).toMatchObject({ status: 200, body: '<!doctype html><title>t</title>' });
      expect(await get(server.port, '/ui/style.css')).toMatchObject({ status: 200, body: 'body{}' });
      expect(await get(server.port, '/ui/api')).toMatchObject({ status: 200, body: '{"ok":true}' });
      expect((await get(server.port, '/missing/')).status).toBe(503);
    } finally {
      await server.close();
    }
  });
});
