import fc from 'fast-check';
import { InstanceIndex } from './instance-index';
import type { Instance } from './types';

const instance = (appId: string, n: number, state = 'TASK_RUNNING'): Instance =>
  ({ instanceId: `${appId.slice(1)}.instance-${n}`, appId, taskId: `t${n}`, hostPorts: [], state, goal: 'Running', appVersion: 'v', configVersion: 'v' }) as Instance;

describe('InstanceIndex', () => {
  it('lists like sorting a map of the same changes, overall and per app', () => {
    const op = fc.record({ app: fc.constantFrom('/a', '/b', '/c'), n: fc.integer({ min: 0, max: 30 }), remove: fc.boolean(), state: fc.constantFrom('TASK_STAGING', 'TASK_RUNNING') });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const index = new InstanceIndex();
        const model = new Map<string, Instance>();
        for (const { app, n, remove, state } of ops) {
          const next = instance(app, n, state);
          const old = model.get(next.instanceId);
          if (old) index.remove(old);
          if (remove) model.delete(next.instanceId);
          else {
            model.set(next.instanceId, next);
            index.add(next);
          }
        }
        const sorted = (list: Instance[]) => [...list].sort((x, y) => (x.instanceId < y.instanceId ? -1 : 1));
        expect(index.list()).toEqual(sorted([...model.values()]));
        for (const app of ['/a', '/b', '/c']) {
          const expected = sorted([...model.values()].filter((i) => i.appId === app));
          expect(index.list(app)).toEqual(expected);
          expect(index.hasApp(app)).toBe(expected.length > 0);
        }
      }),
    );
  });

  it('hands out copies', () => {
    const index = new InstanceIndex();
    index.add(instance('/a', 1));
    index.list('/a').pop();
    index.list().pop();
    expect(index.list('/a')).toHaveLength(1);
  });
});
