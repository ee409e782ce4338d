import { listenHttp, Metrics, type HttpServer } from '@strato/service';
import { chronosHttpApp } from '../index';
import { FakeApi } from './fake-api';

export const NOW = Date.parse('2024-05-01T12:00:00.000Z');

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

export interface Server {
  readonly base: string;
  readonly api: FakeApi;
  readonly metrics: Metrics;
  /** Unexpected errors the handler logged (answered 500): tests expect none. */
  readonly errors: unknown[];
  leader: string | undefined;
  frameworkId: string | undefined;
  /** What `masterUrl()` answers (the leading master's HTTP API). */
  masterUrl: string | undefined;
  /** JSON-encodes an object body with `Content-Type: application/json`; `init` overrides for raw requests. */
  call(method: string, path: string, body?: unknown, init?: RequestInit): Promise<Reply>;
  close(): Promise<void>;
}

/** The real app of `chronosHttpApp` over a `FakeApi`, listening on a free port. */
export async function startServer(api = new FakeApi()): Promise<Server> {
  const metrics = new Metrics();
  const errors: unknown[] = [];
  const state = { leader: 'chronos-1:4400' as string | undefined, frameworkId: 'fw-1' as string | undefined, masterUrl: 'http://master-1:5050' as string | undefined };
  const app = chronosHttpApp(
    api,
    { metrics, leader: () => state.leader, frameworkId: () => state.frameworkId, masterUrl: () => state.masterUrl },
    { now: () => NOW, log: (e) => errors.push(e) },
  );
  const server: HttpServer = await listenHttp(app, '127.0.0.1', 0);
  const base = `http://127.0.0.1:${server.port}`;
  return Object.assign(state, {
    base,
    api,
    metrics,
    errors,
    async call(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<Reply> {
      const request: RequestInit = { method };
      if (body !== undefined) {
        request.body = typeof body === 'string' ? body : JSON.stringify(body);
        request.headers = { 'content-type': 'application/json' };
      }
      const res = await fetch(`${base}${path}`, { ...request, ...init });
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
  });
}
