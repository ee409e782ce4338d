import { getErrorMessage } from '@strato/errors';
import type { Metrics } from '@strato/service';
import { createHttpApp } from '@strato/service';
import type { Express } from 'express';
import type { HealthView, SyncResult } from '../lb';

export interface LbHttpView {
  readonly metrics: Metrics;
  health(): HealthView;
  /** The config HAProxy runs, if any. */
  config(): string | undefined;
  resync(reason: string): Promise<SyncResult>;
}

/** `/health`, `/metrics` (+ `/metrics/prometheus`), `GET /config` and `POST /reload` (full resync, answered once applied). */
export function lbHttpApp(view: LbHttpView): Express {
  const app = createHttpApp();
  app.get('/health', (_req, res) => {
    res.json(view.health());
  });
  app.get('/metrics', (_req, res) => {
    res.json(view.metrics.snapshot());
  });
  app.get('/metrics/prometheus', (_req, res) => {
    res.type('text/plain').send(view.metrics.prometheus('strato'));
  });
  app.get('/config', (_req, res) => {
    const text = view.config();
    if (text === undefined) res.status(404).json({ message: 'no config applied yet' });
    else res.type('text/plain').send(text);
  });
  app.post('/reload', async (_req, res) => {
    try {
      res.json(await view.resync('POST /reload'));
    } catch (error) {
      res.status(503).json({ message: getErrorMessage(error) });
    }
  });
  return app;
}
