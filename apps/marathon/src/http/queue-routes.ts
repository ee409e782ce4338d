import { resolvePath } from '@strato/app-definition';
import { notFound } from '@strato/errors';
import { Express } from 'express';
import type { MarathonCore } from '../core/core';

export const QUEUE_MESSAGES = {
  notQueued: (id: string) => `Application ${id} not found in tasks queue.`,
} as const;

/** `GET /v2/queue`, `DELETE /v2/queue/{appId}/delay` (204, or 404 when the app is not queued). */
export function queueRoutes(app: Express, core: MarathonCore): void {
  app.get('/v2/queue', (_req, res) => {
    res.json({ queue: core.queue() });
  });
  app.delete('/v2/queue/*appId', (req, res, next) => {
    const segs = (req.params.appId as unknown as string[]).filter((s) => s.length > 0);
    if (segs.length < 2 || segs[segs.length - 1] !== 'delay') return next();
    const id = resolvePath(`/${segs.slice(0, -1).join('/')}`);
    if (!core.resetDelay(id)) throw notFound(QUEUE_MESSAGES.notQueued(id));
    res.status(204).end();
  });
}
