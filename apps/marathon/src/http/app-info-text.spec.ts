import { deepFreeze } from '../state/json';
import type { AppStatus } from '../core/core';
import { appInfo, type AppInfoEmbed } from './app-json';
import { appInfoJson } from './app-info-text';
import { listJson, taskBytes } from './json-text';
import { storedApp, task } from './testing/harness';

const EMBEDS: AppInfoEmbed[] = [false, true].flatMap((tasks) =>
  [false, true].flatMap((lastTaskFailure) => [false, true].map((readiness) => ({ tasks, lastTaskFailure, readiness }))),
);

function status(extra: Partial<AppStatus> = {}): AppStatus {
  return {
    tasksStaged: 1, tasksRunning: 2, tasksHealthy: 1, tasksUnhealthy: 1,
    deployments: [{ id: 'dep-1' }, { id: 'dep-2' }],
    tasks: [deepFreeze(task('/prod/web', 1)), deepFreeze(task('/prod/web', 2, { state: 'TASK_STAGING', healthCheckResults: [{ alive: true }] }))],
    readinessCheckResults: [{ name: 'ready', taskId: 't1', ready: false, lastResponse: null } as never],
    lastTaskFailure: { taskId: 'old', state: 'TASK_FAILED', message: 'a "quoted" message ✓' },
    ...extra,
  };
}

describe('appInfoJson', () => {
  const app = deepFreeze(storedApp('/prod/web', { env: { A: 'b' }, labels: { team: 'x' }, healthChecks: [{ protocol: 'HTTP' }] }));

  it.each(EMBEDS)('is byte for byte JSON.stringify(appInfo(...)) for embed %j', (embed) => {
    for (const s of [status(), status({ lastTaskFailure: undefined, deployments: [], tasks: [] })]) {
      expect(appInfoJson(app, s, embed).toString()).toBe(JSON.stringify(appInfo(app, s, embed)));
    }
  });

  it('serializes definitions that are not frozen (not cached) the same way', () => {
    const loose = storedApp('/dev/api', { cmd: 'run ✓' });
    const embed = EMBEDS[7];
    expect(appInfoJson(loose, status(), embed).toString()).toBe(JSON.stringify(appInfo(loose, status(), embed)));
  });

  it('reuses the bytes while nothing changed and rebuilds them on any change', () => {
    const embed: AppInfoEmbed = { tasks: true, lastTaskFailure: true, readiness: false };
    const base = status();
    const first = appInfoJson(app, base, embed);
    expect(appInfoJson(app, { ...base, tasks: [...base.tasks] }, embed)).toBe(first);
    const changes: Partial<AppStatus>[] = [
      { tasksRunning: 3 },
      { deployments: [{ id: 'dep-3' }] },
      { lastTaskFailure: undefined },
      { tasks: [base.tasks[0], deepFreeze(task('/prod/web', 2))] },
      { tasks: base.tasks.slice(0, 1) },
    ];
    for (const change of changes) {
      const changed = { ...base, ...change };
      expect(appInfoJson(app, changed, embed).toString()).toBe(JSON.stringify(appInfo(app, changed, embed)));
    }
    const other = storedApp('/prod/web', { instances: 5 });
    expect(appInfoJson(deepFreeze(other), base, embed).toString()).toBe(JSON.stringify(appInfo(other, base, embed)));
  });

  it('keeps one cached text per embed set', () => {
    const s = status();
    const withTasks = appInfoJson(app, s, EMBEDS[4]);
    const without = appInfoJson(app, s, EMBEDS[0]);
    expect(appInfoJson(app, s, EMBEDS[4])).toBe(withTasks);
    expect(appInfoJson(app, s, EMBEDS[0])).toBe(without);
    expect(without.toString()).toBe(JSON.stringify(appInfo(app, s, EMBEDS[0])));
  });
});

describe('listJson', () => {
  it('is JSON.stringify of the list object', () => {
    const tasks = [deepFreeze(task('/a', 1)), task('/a', 2)];
    expect(listJson('tasks', tasks.map(taskBytes)).toString()).toBe(JSON.stringify({ tasks }));
    expect(listJson('*', []).toString()).toBe(JSON.stringify({ '*': [] }));
  });
});
