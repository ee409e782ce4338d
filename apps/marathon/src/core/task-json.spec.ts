import { deepFreeze } from '../state/json';
import type { Instance } from '../state';
import { app } from './test-harness';
import { taskJson } from './task-json';

const instance = (extra: Partial<Instance> = {}): Instance =>
  deepFreeze({
    instanceId: 'web.instance-1', appId: '/web', taskId: 'web.instance-1._app.1', agentId: 'a1', hostname: 'h1', hostPorts: [31000],
    state: 'TASK_RUNNING', goal: 'Running', appVersion: 'v1', configVersion: 'v1', stagedAt: '2026-01-01T00:00:00.000Z', ...extra,
  } as Instance);

describe('taskJson cache', () => {
  const web = deepFreeze(app('/web', { portDefinitions: [{ port: 10000 }] }));

  it('hands out the same frozen object while the instance, the app and the health result objects are the same', () => {
    const i = instance();
    const health = [Object.freeze({ alive: true })];
    const first = taskJson(i, web, health);
    expect(Object.isFrozen(first)).toBe(true);
    expect(taskJson(i, web, [...health])).toBe(first);
    expect(first).toMatchObject({ id: 'web.instance-1._app.1', servicePorts: [10000], healthCheckResults: health });
  });

  it('builds a new value when anything it is made of changed', () => {
    const i = instance();
    const first = taskJson(i, web, []);
    expect(taskJson(i, web, [{ alive: false }])).not.toBe(first);
    expect(taskJson(i, deepFreeze(app('/web', { portDefinitions: [{ port: 10001 }] })), []).servicePorts).toEqual([10001]);
    expect(taskJson(instance({ state: 'TASK_KILLING' }), web, []).state).toBe('TASK_KILLING');
    expect(taskJson(i, undefined, []).role).toBe('*');
  });
});
