import { ClientRequest, IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { MarathonProtocol, ProbeResult } from './types';

export interface ProbeTarget {
  readonly protocol: MarathonProtocol;
  readonly host: string;
  readonly port: number;
  /** HTTP(S) only; defaults to `/`. */
  readonly path?: string;
  readonly ignoreHttp1xx?: boolean;
}

export interface ProbeOptions {
  readonly timeoutMs: number;
  /** Aborting settles the probe at once as a failure (the checker's own deadline uses this). */
  readonly signal?: AbortSignal;
}

/** One health probe; never rejects: errors and timeouts come back as `{ ok: false, cause }`. */
export type HealthProbe = (target: ProbeTarget, options: ProbeOptions) => Promise<ProbeResult>;

export function timeoutCause(timeoutMs: number): string {
  return `timeout after ${timeoutMs / 1000}s`;
}

function errorCause(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/** A whole HTTP answer (readiness checks keep the last one); the body is cut at `MAX_BODY_BYTES`. */
export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** A probe result; `answer` (from `httpGet`) when the server answered (any status). */
export type HttpGetResult = ProbeResult & { readonly answer?: HttpAnswer };

/**
 * Runs `start` with a deadline and an abort signal; `finish` settles once, and `cleanup` releases the
 * socket whichever way it ended.
 */
function withDeadline(options: ProbeOptions, start: (finish: (r: HttpGetResult) => void) => () => void): Promise<HttpGetResult> {
  return new Promise((resolve) => {
    let done = false;
    let cleanup: () => void = () => undefined;
    const finish = (result: HttpGetResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      cleanup();
      resolve(result);
    };
    const onAbort = (): void => finish({ ok: false, cause: 'aborted' });
    const timer = setTimeout(() => finish({ ok: false, cause: timeoutCause(options.timeoutMs) }), options.timeoutMs);
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort);
    cleanup = start(finish);
    if (done) cleanup();
  });
}

/** Marathon: 200–399 is healthy; 1xx is discarded with `ignoreHttp1xx`, else unhealthy. */
export function judgeStatus(status: number, ignoreHttp1xx = false): ProbeResult {
  if (status >= 200 && status < 400) return { ok: true };
  if (status >= 100 && status < 200 && ignoreHttp1xx) return { ok: false, ignored: true, cause: `HTTP ${status}` };
  return { ok: false, cause: `HTTP ${status}` };
}

/** Opens `GET http(s)://host:port/path` (HTTPS accepts self-signed certificates as Marathon does); not yet sent. */
function openGet(target: Pick<ProbeTarget, 'protocol' | 'host' | 'port' | 'path'>, userAgent: string): ClientRequest {
  const send = target.protocol === 'HTTPS' ? httpsRequest : httpRequest;
  return send({
    host: target.host,
    port: target.port,
    path: target.path ?? '/',
    method: 'GET',
    agent: false,
    headers: { 'User-Agent': userAgent, Connection: 'close' },
    ...(target.protocol === 'HTTPS' ? { rejectUnauthorized: false } : {}),
  });
}

/** GET http(s)://host:port/path; HTTPS accepts self-signed certificates as Marathon does. */
export const httpProbe: HealthProbe = (target, options) =>
  withDeadline(options, (finish) => {
    const req = openGet(target, 'strato-marathon-health-check');
    req.on('response', (res: IncomingMessage) => {
      res.resume();
      finish(judgeStatus(res.statusCode ?? 0, target.ignoreHttp1xx));
    });
    // A final 1xx (101 Switching Protocols) surfaces as an upgrade in node.
    req.on('upgrade', (res: IncomingMessage, socket) => {
      socket.destroy();
      finish(judgeStatus(res.statusCode ?? 101, target.ignoreHttp1xx));
    });
    req.on('error', (error) => finish({ ok: false, cause: errorCause(error) }));
    req.end();
    return () => req.destroy();
  });

export const MAX_BODY_BYTES = 64 * 1024;

/** GET with the status, content type and body of the answer; never rejects (same deadline and abort as `httpProbe`). */
export function httpGet(target: Pick<ProbeTarget, 'protocol' | 'host' | 'port' | 'path'>, options: ProbeOptions): Promise<HttpGetResult> {
  return withDeadline(options, (finish) => {
    const req = openGet(target, 'strato-marathon-readiness-check');
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
        size += chunk.length;
      });
      res.on('end', () => {
        const answer = { status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') };
        finish({ ok: true, answer });
      });
      res.on('error', (error) => finish({ ok: false, cause: errorCause(error) }));
    });
    req.on('error', (error) => finish({ ok: false, cause: errorCause(error) }));
    req.end();
    return () => req.destroy();
  });
}

/** Healthy when a TCP connection to host:port opens. */
export const tcpProbe: HealthProbe = (target, options) =>
  withDeadline(options, (finish) => {
    const socket = connect({ host: target.host, port: target.port });
    socket.on('connect', () => finish({ ok: true }));
    socket.on('error', (error) => finish({ ok: false, cause: errorCause(error) }));
    return () => socket.destroy();
  });

/** Dispatches by protocol: the default probe of the checker. */
export const defaultProbe: HealthProbe = (target, options) =>
  target.protocol === 'TCP' ? tcpProbe(target, options) : httpProbe(target, options);
