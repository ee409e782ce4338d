import { appToJson, type AppDefinition } from '@strato/app-definition';
import type { QueueItemJson } from './core';
import type { LaunchQueue, QueueEntry } from './launch-queue';

/** One `GET /v2/queue` item (`marathon-api/examples/queue.json`). */
export function queueItemJson(entry: QueueEntry, app: AppDefinition, queue: LaunchQueue, now: number, defaultRole: string): QueueItemJson {
  const backoff = queue.backoff(app);
  const { lastUnusedOffers, ...processedOffersSummary } = entry.stats.summary();
  return {
    app: appToJson(app),
    count: entry.count,
    role: app.role ?? defaultRole,
    delay: { timeLeftSeconds: backoff.timeLeftSeconds(now), overdue: backoff.overdue(now) },
    since: new Date(entry.since).toISOString(),
    processedOffersSummary,
    lastUnusedOffers,
  };
}
