// Pure helpers of the Marathon UI (no DOM): the API's shapes, status derivation and health summary.

export interface HealthResult {
  readonly alive: boolean;
  readonly consecutiveFailures?: number;
  readonly lastFailureCause?: string | null;
  readonly lastSuccess?: string | null;
  readonly lastFailure?: string | null;
}

export interface Task {
  readonly id: string;
  readonly host: string;
  readonly ports: readonly number[];
  readonly state: string;
  readonly stagedAt?: string;
  readonly startedAt?: string;
  readonly version: string;
  readonly healthCheckResults?: readonly HealthResult[];
}

export interface App {
  readonly id: string;
  readonly cmd?: string | null;
  readonly instances: number;
  readonly cpus: number;
  readonly mem: number;
  readonly version: string;
  readonly healthChecks?: readonly unknown[];
  readonly tasksStaged: number;
  readonly tasksRunning: number;
  readonly tasksHealthy: number;
  readonly tasksUnhealthy: number;
  readonly deployments: readonly { id: string }[];
  readonly tasks?: readonly Task[];
  readonly lastTaskFailure?: { message?: string; state?: string; timestamp?: string; host?: string; taskId?: string };
  readonly [field: string]: unknown;
}

export interface RejectStep {
  readonly reason: string;
  readonly declined: number;
  readonly processed: number;
}

export interface QueueItem {
  readonly app: { readonly id: string; readonly [field: string]: unknown };
  readonly count: number;
  readonly role?: string;
  readonly since: string;
  readonly delay: { readonly timeLeftSeconds: number; readonly overdue: boolean };
  readonly processedOffersSummary?: {
    readonly processedOffersCount: number;
    readonly unusedOffersCount: number;
    readonly lastUnusedOfferAt?: string;
    readonly lastUsedOfferAt?: string;
    readonly rejectSummaryLastOffers?: readonly RejectStep[];
    readonly rejectSummaryLaunchAttempt?: readonly RejectStep[];
  };
  readonly lastUnusedOffers?: readonly { offer: { id: string; agentId: string; hostname: string }; reason: readonly string[]; timestamp: string }[];
}

export type StatusName = 'deploying' | 'delayed' | 'waiting' | 'suspended' | 'unhealthy' | 'running';

/** The badge colour of each status. */
export const STATUS_KIND: Readonly<Record<StatusName, 'ok' | 'warn' | 'bad' | 'info'>> = {
  running: 'ok',
  deploying: 'info',
  waiting: 'warn',
  delayed: 'warn',
  suspended: 'info',
  unhealthy: 'bad',
};

/** A queued launch that saw no offer for this long counts as waiting. */
export const WAITING_AFTER_MS = 10_000;

/** Whether a queued launch is held back by its backoff delay. */
export function isDelayed(entry: QueueItem): boolean {
  return !entry.delay.overdue && entry.delay.timeLeftSeconds > 0;
}

/**
 * Whether a queued launch waits for offers: its latest offers were all declined (the last unused one is newer
 * than the last used one), or no offer came at all for `WAITING_AFTER_MS`.
 */
export function isWaiting(entry: QueueItem, now: number): boolean {
  const s = entry.processedOffersSummary;
  if (s && s.unusedOffersCount > 0) {
    const unused = Date.parse(s.lastUnusedOfferAt ?? '');
    const used = Date.parse(s.lastUsedOfferAt ?? '');
    if (Number.isNaN(used) || unused > used) return true;
  }
  return (s?.processedOffersCount ?? 0) === 0 && now - Date.parse(entry.since) >= WAITING_AFTER_MS;
}

/**
 * An app's status as Marathon's UI derives it: delayed (its launch is in backoff), waiting (queued and no offer
 * fits), deploying (a deployment runs), suspended (0 instances), unhealthy (a health check fails), else running.
 */
export function appStatus(app: App, entry: QueueItem | undefined, now: number): StatusName {
  if (entry && isDelayed(entry)) return 'delayed';
  if (entry && isWaiting(entry, now)) return 'waiting';
  if (app.deployments.length > 0) return 'deploying';
  if (app.instances === 0 && app.tasksRunning === 0) return 'suspended';
  if ((app.healthChecks?.length ?? 0) > 0 && app.tasksUnhealthy > 0) return 'unhealthy';
  return 'running';
}

/** `healthy / unhealthy / unknown` task counts, or undefined for an app without health checks. */
export function healthSummary(app: App): { healthy: number; unhealthy: number; unknown: number } | undefined {
  if ((app.healthChecks?.length ?? 0) === 0) return undefined;
  const unknown = Math.max(0, app.tasksRunning - app.tasksHealthy - app.tasksUnhealthy);
  return { healthy: app.tasksHealthy, unhealthy: app.tasksUnhealthy, unknown };
}

/** `1 / 2` (running / wanted), with staged tasks when there are any. */
export function instancesText(app: App): string {
  const staged = app.tasksStaged > 0 ? ` (${app.tasksStaged} staged)` : '';
  return `${app.tasksRunning} / ${app.instances}${staged}`;
}

/** A task's health as one word and the first failure cause: `healthy`, `unhealthy`, or `—` without results. */
export function taskHealth(task: Task): string {
  const results = task.healthCheckResults ?? [];
  if (results.length === 0) return '—';
  const failing = results.find((r) => !r.alive);
  if (!failing) return 'healthy';
  return failing.lastFailureCause ? `unhealthy: ${failing.lastFailureCause}` : 'unhealthy';
}

/** The fields `GET /v2/apps/{id}` adds to the definition (counts, tasks, deployments, failures). */
const STATUS_FIELDS = new Set(['tasksStaged', 'tasksRunning', 'tasksHealthy', 'tasksUnhealthy', 'deployments', 'tasks', 'lastTaskFailure', 'readinessCheckResults', 'taskStats', 'counts']);

/** An AppInfo without its status fields: the app definition as it would be PUT. */
export function definitionOf(app: App): Record<string, unknown> {
  return Object.fromEntries(Object.entries(app).filter(([key]) => !STATUS_FIELDS.has(key)));
}

/** Sorted by id. */
export function sortById<T extends { id: string }>(apps: readonly T[]): T[] {
  return [...apps].sort((a, b) => a.id.localeCompare(b.id));
}

/** The queue entry of each app id. */
export function queueByApp(queue: readonly QueueItem[]): Map<string, QueueItem> {
  return new Map(queue.map((entry) => [entry.app.id, entry]));
}

/** The REST API, relative to the UI at `/ui/` (so it also works behind a path prefix). */
export const API = '../v2';

/** `../v2/apps/<id><suffix>` with each id segment URL-encoded. */
export function appUrl(id: string, suffix = ''): string {
  const path = id.split('/').filter(Boolean).map(encodeURIComponent).join('/');
  return `${API}/apps/${path}${suffix}`;
}

/** The UI's hash link of an app page. */
export function appHref(id: string): string {
  return `#/apps/${id.replace(/^\/+/, '')}`;
}
