import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { request as httpRequest, IncomingHttpHeaders } from 'node:http';

export interface LeaderProxyOptions {
  /** The leader's base URL (`http://host:port`), or undefined while no leader is known. */
  readonly leaderUrl: () => string | undefined;
  /** Marks a proxied request (e.g. `X-Marathon-Via`); a request that already has it is not proxied again. */
  readonly viaHeader: string;
  /** The value this instance puts in `viaHeader` (e.g. its `host:port`). */
  readonly self: string;
  /** Set on every proxied response to the leader's URL (e.g. `X-Marathon-Leader`). */
  readonly leaderHeader?: string;
  /** Answers when the request cannot reach a leader (no leader known, a loop, or the leader failed). */
  readonly unavailable: (res: Response, message: string) => void;
  /** Upstream connect-and-answer timeout (default 30 s; streams like SSE run on after the answer). */
  readonly timeoutMs?: number;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) are for one connection, not the next.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authorization', 'proxy-authenticate']);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  return out;
}

/**
 * A standby's HTTP handler: every request (reads and writes, streams included) is passed to the
 * leader unchanged and its answer passed back, so clients may talk to any instance, as Marathon's
 * and Chronos' standbys do. Must see the raw body: mount it before any body parser.
 */
export function leaderProxy(options: LeaderProxyOptions): RequestHandler {
  const via = options.viaHeader.toLowerCase();
  return (req: Request, res: Response) => {
    const leader = options.leaderUrl();
    if (!leader) return options.unavailable(res, 'Could not determine the current leader');
    if (req.headers[via] !== undefined) return options.unavailable(res, `Proxy loop: the request already went through ${String(req.headers[via])}`);
    const target = new URL(req.originalUrl, leader);
    const upstream = httpRequest(target, {
      method: req.method,
      headers: { ...forwardable(req.headers), host: target.host, [via]: options.self },
      timeout: options.timeoutMs ?? 30_000,
    });
    upstream.on('response', (answer) => {
      upstream.setTimeout(0); // an event stream may stay quiet for long
      const headers = forwardable(answer.headers);
      if (options.leaderHeader) headers[options.leaderHeader.toLowerCase()] = leader;
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
      res.on('close', () => answer.destroy());
    });
    upstream.on('timeout', () => upstream.destroy(new Error(`no answer within ${options.timeoutMs ?? 30_000} ms`)));
    upstream.on('error', (error) => {
      if (!res.headersSent) options.unavailable(res, `The leader at ${leader} could not be reached: ${error.message}`);
      else res.destroy();
    });
    req.on('aborted', () => upstream.destroy());
    req.pipe(upstream);
  };
}

/**
 * An app whose whole behaviour can be swapped at run time (a standby's proxy, then the leader's
 * API), so one listening socket serves an instance through its whole life. It parses nothing itself.
 */
export interface SwitchableApp {
  readonly app: Express;
  use(handler: RequestHandler | Express): void;
}

export function switchableApp(initial: RequestHandler | Express): SwitchableApp {
  let current = initial;
  const app = express();
  app.disable('x-powered-by');
  app.use((req: Request, res: Response, next: NextFunction) => (current as RequestHandler)(req, res, next));
  return {
    app,
    use: (handler) => {
      current = handler;
    },
  };
}
