import { withDefaults, type AppDefinition } from '@strato/app-definition';
import type { KeyValueStore, StoreOp } from '@strato/coordination';
import type { DeploymentRecord, Instance } from './types';

/** Test data for the state specs (kept out of the specs so each stays short). */

export const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** An app whose version is `T0 + seconds`. */
export function app(id: string, seconds = 0, extra: Record<string, unknown> = {}): AppDefinition {
  return withDefaults({ id, cmd: 'sleep 100', ...extra }, { now: T0 + seconds * 1000 });
}

export function iso(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

export function instance(instanceId: string, appId: string, extra: Partial<Instance> = {}): Instance {
  return {
    instanceId,
    appId,
    taskId: `${instanceId}._app.1`,
    hostPorts: [31000],
    state: 'TASK_RUNNING',
    goal: 'Running',
    appVersion: iso(0),
    configVersion: iso(0),
    ...extra,
  };
}

export function deployment(id: string, seconds = 0): DeploymentRecord {
  const root = { id: '/', apps: [], groups: [], dependencies: [] };
  return {
    plan: {
      id,
      version: iso(seconds),
      original: root,
      target: root,
      affectedApps: ['/web'],
      steps: [{ actions: [{ action: 'StartApplication', app: '/web', scaleTo: 0 }] }],
    },
    currentStep: 0,
    status: 'running',
  };
}

/** A store that forwards to `inner` until told to fail puts and/or deletes (optionally only for some keys). */
export class FailingStore implements KeyValueStore {
  failPut: (key: string) => boolean = () => false;
  failDelete: (key: string) => boolean = () => false;
  constructor(private readonly inner: KeyValueStore) {}

  get(key: string): Promise<Buffer | undefined> {
    return this.inner.get(key);
  }

  async put(key: string, value: Buffer): Promise<void> {
    if (this.failPut(key)) throw new Error(`disk full: ${key}`);
    return this.inner.put(key, value);
  }

  async delete(key: string): Promise<void> {
    if (this.failDelete(key)) throw new Error(`disk gone: ${key}`);
    return this.inner.delete(key);
  }

  async batch(ops: readonly StoreOp[]): Promise<void> {
    const failing = ops.find((op) => (op.op === 'put' ? this.failPut(op.key) : this.failDelete(op.key)));
    if (failing) throw new Error(`${failing.op === 'put' ? 'disk full' : 'disk gone'}: ${failing.key}`);
    return this.inner.batch(ops);
  }

  children(prefix: string): Promise<string[]> {
    return this.inner.children(prefix);
  }
}
