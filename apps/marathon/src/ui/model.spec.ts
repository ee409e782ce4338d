import { appHref, appStatus, appUrl, definitionOf, healthSummary, instancesText, isWaiting, queueByApp, taskHealth, type App, type QueueItem, WAITING_AFTER_MS } from './model';

const NOW = Date.parse('2024-05-01T12:00:00.000Z');

function app(extra: Partial<App> = {}): App {
  return { id: '/web', cmd: 'sleep 600', instances: 2, cpus: 0.1, mem: 32, version: '2024-05-01T11:00:00.000Z', tasksStaged: 0, tasksRunning: 2, tasksHealthy: 0, tasksUnhealthy: 0, deployments: [], ...extra };
}

function queued(extra: Partial<QueueItem> = {}): QueueItem {
  return {
    app: { id: '/web' },
    count: 1,
    since: new Date(NOW - 1_000).toISOString(),
    delay: { timeLeftSeconds: 0, overdue: true },
    processedOffersSummary: { processedOffersCount: 1, unusedOffersCount: 0, lastUsedOfferAt: new Date(NOW - 500).toISOString() },
    ...extra,
  };
}

describe('Marathon UI status derivation', () => {
  it('is running when nothing else applies, suspended at 0 instances, deploying while a deployment runs', () => {
    expect(appStatus(app(), undefined, NOW)).toBe('running');
    expect(appStatus(app({ instances: 0, tasksRunning: 0 }), undefined, NOW)).toBe('suspended');
    // Scaling down to 0 is a deployment until the last task ends.
    expect(appStatus(app({ instances: 0, tasksRunning: 1, deployments: [{ id: 'd1' }] }), undefined, NOW)).toBe('deploying');
    expect(appStatus(app({ deployments: [{ id: 'd1' }] }), queued(), NOW)).toBe('deploying');
  });

  it('is delayed while the launch backoff holds, before anything else', () => {
    const entry = queued({ delay: { timeLeftSeconds: 30, overdue: false } });
    expect(appStatus(app({ deployments: [{ id: 'd1' }] }), entry, NOW)).toBe('delayed');
    expect(appStatus(app(), queued({ delay: { timeLeftSeconds: 0, overdue: true } }), NOW)).toBe('running');
  });

  it('is waiting when the latest offers were declined, or no offer came for a while', () => {
    const declined = queued({
      processedOffersSummary: { processedOffersCount: 3, unusedOffersCount: 2, lastUsedOfferAt: new Date(NOW - 9_000).toISOString(), lastUnusedOfferAt: new Date(NOW - 1_000).toISOString() },
    });
    expect(appStatus(app({ deployments: [{ id: 'd1' }] }), declined, NOW)).toBe('waiting');
    const neverUsed = queued({ processedOffersSummary: { processedOffersCount: 1, unusedOffersCount: 1, lastUnusedOfferAt: new Date(NOW).toISOString() } });
    expect(isWaiting(neverUsed, NOW)).toBe(true);
    const usedSince = queued({
      processedOffersSummary: { processedOffersCount: 3, unusedOffersCount: 1, lastUnusedOfferAt: new Date(NOW - 9_000).toISOString(), lastUsedOfferAt: new Date(NOW - 1_000).toISOString() },
    });
    expect(isWaiting(usedSince, NOW)).toBe(false);
    const noOffers = queued({ since: new Date(NOW - WAITING_AFTER_MS).toISOString(), processedOffersSummary: undefined });
    expect(isWaiting(noOffers, NOW)).toBe(true);
    expect(isWaiting(noOffers, NOW - 1)).toBe(false);
  });

  it('is unhealthy only for an app with health checks and a failing task', () => {
    expect(appStatus(app({ tasksUnhealthy: 1 }), undefined, NOW)).toBe('running');
    expect(appStatus(app({ healthChecks: [{}], tasksUnhealthy: 1, tasksHealthy: 1 }), undefined, NOW)).toBe('unhealthy');
    expect(appStatus(app({ healthChecks: [{}], tasksHealthy: 2 }), undefined, NOW)).toBe('running');
  });
});

describe('Marathon UI app helpers', () => {
  it('summarises health and instances', () => {
    expect(healthSummary(app())).toBeUndefined();
    expect(healthSummary(app({ healthChecks: [{}], tasksRunning: 3, tasksHealthy: 1, tasksUnhealthy: 1 }))).toEqual({ healthy: 1, unhealthy: 1, unknown: 1 });
    expect([instancesText(app()), instancesText(app({ tasksStaged: 1, tasksRunning: 1 }))]).toEqual(['2 / 2', '1 / 2 (1 staged)']);
  });

  it('reads a task health from its check results', () => {
    const task = { id: 't', host: 'h', ports: [], state: 'TASK_RUNNING', version: 'v' };
    expect(taskHealth(task)).toBe('—');
    expect(taskHealth({ ...task, healthCheckResults: [{ alive: true }] })).toBe('healthy');
    expect(taskHealth({ ...task, healthCheckResults: [{ alive: true }, { alive: false, lastFailureCause: 'HTTP 500' }] })).toBe('unhealthy: HTTP 500');
  });

  it('keeps only the definition of an AppInfo', () => {
    const info = app({ tasks: [], lastTaskFailure: { message: 'x' }, deployments: [{ id: 'd' }] });
    expect(definitionOf(info)).toEqual({ id: '/web', cmd: 'sleep 600', instances: 2, cpus: 0.1, mem: 32, version: '2024-05-01T11:00:00.000Z' });
  });

  it('builds API URLs and hash links from app ids', () => {
    expect(appUrl('/team/web')).toBe('../v2/apps/team/web');
    expect(appUrl('/team/web', '/versions/2024-05-01T11:00:00.000Z')).toBe('../v2/apps/team/web/versions/2024-05-01T11:00:00.000Z');
    expect(appUrl('/a b')).toBe('../v2/apps/a%20b');
    expect(appHref('/team/web')).toBe('#/apps/team/web');
    expect(queueByApp([queued()]).get('/web')?.count).toBe(1);
  });
});
