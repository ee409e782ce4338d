import type { AppDefinition } from '@strato/app-definition';
import { LaunchBackoff, OfferMatchStats } from '@strato/placement';

/** One app waiting for offers: how many instances still have to launch, since when, and why offers did not fit. */
export interface QueueEntry {
  readonly appId: string;
  count: number;
  /** ms since the epoch when this launch attempt started. */
  readonly since: number;
  readonly stats: OfferMatchStats;
}

/**
 * What still has to launch per app (Marathon's launch queue), and the launch backoff per app and
 * config version. Entries are in memory: after a restart the deployments and the scale check
 * re-derive them from the instances. `onDemand` fires when there is new work (to revive offers).
 */
export class LaunchQueue {
  private readonly entries = new Map<string, QueueEntry>();
  private readonly backoffs = new Map<string, LaunchBackoff>();

  constructor(
    private readonly now: () => number,
    private readonly onDemand: () => void,
  ) {}

  add(appId: string, count: number): void {
    if (count <= 0) return;
    const entry = this.entries.get(appId);
    if (entry) entry.count += count;
    else this.entries.set(appId, { appId, count, since: this.now(), stats: new OfferMatchStats() });
    this.onDemand();
  }

  /** Tells the owner there may be work again (a backoff ran out). */
  poke(): void {
    if (!this.isEmpty()) this.onDemand();
  }

  /** Removes up to `count` queued launches; returns how many were removed. */
  remove(appId: string, count: number): number {
    const entry = this.entries.get(appId);
    if (!entry) return 0;
    const removed = Math.min(entry.count, Math.max(0, count));
    entry.count -= removed;
    if (entry.count === 0) this.entries.delete(appId);
    return removed;
  }

  clear(appId: string): void {
    this.entries.delete(appId);
    this.backoffs.delete(appId);
  }

  count(appId: string): number {
    return this.entries.get(appId)?.count ?? 0;
  }

  entry(appId: string): QueueEntry | undefined {
    return this.entries.get(appId);
  }

  all(): readonly QueueEntry[] {
    return [...this.entries.values()];
  }

  isEmpty(): boolean {
    return this.entries.size === 0;
  }

  /** The backoff of the app's current config (a new config starts without delay). */
  backoff(app: AppDefinition): LaunchBackoff {
    const configVersion = app.versionInfo.lastConfigChangeAt;
    const current = this.backoffs.get(app.id);
    if (current && current.key.configVersion === configVersion) return current;
    const fresh = LaunchBackoff.start({ appId: app.id, configVersion }, app);
    this.backoffs.set(app.id, fresh);
    return fresh;
  }

  /** One more launch failure of the app's current config; returns the new backoff. */
  failed(app: AppDefinition): LaunchBackoff {
    const next = this.backoff(app).failed(this.now());
    this.backoffs.set(app.id, next);
    return next;
  }

  /** DELETE /v2/queue/{id}/delay. */
  resetDelay(app: AppDefinition): void {
    this.backoffs.set(app.id, this.backoff(app).reset());
  }

  ready(app: AppDefinition): boolean {
    return this.backoff(app).overdue(this.now());
  }
}
