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

/**
 * Runs `start` with a deadline and an abort signal; `finish` settles once, and `cleanup` releases the
 * socket whichever way it ended.
 */
function withDeadline(
  options: ProbeOptions,
  start: (finish: (r: ProbeResult) => void) => () => void,
): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let done = false;
    let cleanup: () => void = () => undefined;
    const finish = (result: ProbeResult): void => {
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

/** GET http(s)://host:port/path; HTTPS accepts self-signed certificates as Marathon does. */
export const httpProbe: HealthProbe = (target, options) =>
  withDeadline(options, (finish) => {
    const send = target.protocol === 'HTTPS' ? httpsRequest : httpRequest;
    const req: ClientRequest = send({
      host: target.host,
      port: target.port,
      path: target.path ?? '/',
      method: 'GET',
      agent: false,
      headers: { 'User-Agent': 'strato-marathon-health-check', Connection: 'close' },
      ...(target.protocol === 'HTTPS' ? { rejectUnauthorized: false } : {}),
    });
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
