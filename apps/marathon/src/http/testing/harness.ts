import { withDefaults, type AppDefinition } from '@strato/app-definition';
import { createHttpApp, HttpServer, listenHttp } from '@strato/service';
import type { TaskJson } from '../../core/core';
import { marathonApiRoutes } from '../api-routes';
import { marathonErrorHandler, notFoundHandler } from '../errors';
import type { FakeCore } from './fake-core';

export const NOW = new Date('2024-05-01T12:00:00.000Z');

export interface Api {
  readonly base: string;
  readonly errors: unknown[];
  call(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; body: unknown; text: string }>;
  close(): Promise<void>;
}

/** A real express app (`createHttpApp`) with every `/v2` route over `core`, the 404 and error handlers. */
export async function startApi(core: FakeCore, features: readonly string[] = []): Promise<Api> {
  const app = createHttpApp();
  marathonApiRoutes(app, core, { now: () => NOW, features });
  app.use(notFoundHandler);
  const errors: unknown[] = [];
  app.use(marathonErrorHandler((e) => errors.push(e)));
  const server: HttpServer = await listenHttp(app, '127.0.0.1', 0);
  const base = `http://127.0.0.1:${server.port}`;
  return {
    base,
    errors,
    async call(method, path, body) {
      const init: RequestInit = { method };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        init.headers = { 'content-type': 'application/json' };
      }
      const res = await fetch(`${base}${path}`, init);
      const text = await res.text();
      let parsed: unknown = undefined;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = text;
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
    close: () => server.close(),
  };
}

/** A stored (normalized) app as the core keeps it. */
export function storedApp(id: string, extra: Record<string, unknown> = {}, version = '2024-01-01T00:00:00.000Z'): AppDefinition {
  return withDefaults({ id, cmd: 'sleep 100', ...extra } as never, { now: new Date(version) });
}

export function task(appId: string, n: number, extra: Partial<TaskJson> = {}): TaskJson {
  const prefix = appId.split('/').filter((s) => s).join('_');
  return {
    id: `${prefix}.instance-0000000${n}-aaaa-bbbb-cccc-dddddddddddd._app`,
    appId,
    host: `agent-${n}`,
    ports: [31000 + n],
    servicePorts: [],
    slaveId: `agent-${n}`,
    state: 'TASK_RUNNING',
    version: '2024-01-01T00:00:00.000Z',
    ipAddresses: [],
    healthCheckResults: [],
    ...extra,
  };
}
