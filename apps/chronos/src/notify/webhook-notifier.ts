import type { Clock } from '@strato/clock';
import type { JobDefinition } from '@strato/job-definition';
import type { Logger, Metrics } from '@strato/service';
import type { NotificationKind, Notifier } from '../core/ports';
import type { Run } from '../core/types';

export interface WebhookOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Every notification goes here (Chronos' --http_notification_url); a job's `failureWebhook` gets its own. */
  readonly globalUrl?: string;
  readonly clusterName: string;
  /** Attempts per notification (default 5), the first retry after `firstRetryMs` (default 1 s), doubling. */
  readonly attempts?: number;
  readonly firstRetryMs?: number;
  readonly timeoutMs?: number;
  readonly post?: (url: string, body: string, timeoutMs: number) => Promise<number>;
}

const SUBJECTS: Record<NotificationKind, (name: string) => string> = {
  failed: (name) => `job '${name}' failed!`,
  disabled: (name) => `job '${name}' was disabled`,
  deleted: (name) => `Your job '${name}' was deleted!`,
};

async function httpPost(url: string, body: string, timeoutMs: number): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs) });
  await res.arrayBuffer();
  return res.status;
}

/**
 * Chronos' generic HTTP notification, POSTed as JSON to the global URL and to the job's own
 * `failureWebhook`, retried with doubling delays until a 2xx answer or the attempts run out.
 * Delivery never blocks scheduling: a failed webhook is logged and counted.
 */
export class WebhookNotifier implements Notifier {
  private readonly attempts: number;
  private readonly firstRetryMs: number;
  private readonly timeoutMs: number;
  private readonly post: (url: string, body: string, timeoutMs: number) => Promise<number>;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: WebhookOptions) {
    this.attempts = options.attempts ?? 5;
    this.firstRetryMs = options.firstRetryMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.post = options.post ?? httpPost;
  }

  notify(kind: NotificationKind, job: JobDefinition, run?: Run, message?: string): void {
    const urls = [this.options.globalUrl, kind === 'deleted' ? undefined : job.failureWebhook].filter((u): u is string => !!u);
    if (urls.length === 0) return;
    const prefix = this.options.clusterName ? `[${this.options.clusterName}] ` : '';
    const body = JSON.stringify({
      event: kind,
      subject: `${prefix}${SUBJECTS[kind](job.name)}`,
      message: message ?? '',
      to: job.owner.split(/\s*,\s*/).filter((o) => o !== ''),
      job: job.name,
      command: job.command,
      cpus: job.cpus,
      mem: job.mem,
      retries: job.retries,
      taskId: run?.taskId ?? null,
      attempt: run?.attempt ?? null,
    });
    for (const url of [...new Set(urls)]) this.track(this.deliver(url, body, kind, job.name));
  }

  /** Resolves once every delivery started so far has ended (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private track(delivery: Promise<void>): void {
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
  }

  private async deliver(url: string, body: string, kind: NotificationKind, job: string): Promise<void> {
    const { logger, metrics, clock } = this.options;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      let outcome: string;
      try {
        const status = await this.post(url, body, this.timeoutMs);
        if (status >= 200 && status < 300) {
          metrics.increment('chronos/notifications_sent');
          return;
        }
        outcome = `HTTP ${status}`;
      } catch (error) {
        outcome = error instanceof Error ? error.message : String(error);
      }
      logger.warn({ url, job, kind, attempt, outcome }, 'webhook delivery failed');
      if (attempt < this.attempts) await new Promise<void>((resolve) => clock.setTimeout(resolve, this.firstRetryMs * 2 ** (attempt - 1)));
    }
    metrics.increment('chronos/notifications_failed');
  }
}
