import express, { Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a service's web UI is: `dist/ui` beside the bundled service (`npm run build` writes
 * `index.html`, `app.js` and `style.css` there). Pass the bundle's `__dirname`.
 */
export function uiDir(bundleDir: string): string {
  return join(bundleDir, 'ui');
}

/**
 * Serves the UI in `dir` under `mount` (`/` or `/ui`): its files, and `index.html` for the mount
 * itself (the UI routes with `#/…`, so no server route is needed per page). Without a build there,
 * the mount answers 503 with how to build it. Register it after the API routes when `mount` is `/`.
 */
export function serveUi(app: Router, mount: string, dir: string): void {
  const index = join(dir, 'index.html');
  const base = mount.replace(/\/+$/, '');
  // Express 5 routes are not strict (`get('/ui')` also matches `/ui/`): redirect only the bare mount.
  if (base !== '') app.get(base, (req, res, next) => (req.originalUrl.split('?')[0] === base ? res.redirect(301, `${base}/`) : next()));
  app.get(`${base}/`, (_req, res) => {
    if (!existsSync(index)) return void res.status(503).type('text/plain').send('The web UI is not built: run `npm run build`.\n');
    res.set('cache-control', 'no-cache').sendFile(index);
  });
  app.use(`${base}/`, express.static(dir, { index: false, maxAge: 0, fallthrough: true }));
}
