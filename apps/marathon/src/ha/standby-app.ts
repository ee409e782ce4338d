import { leaderProxy, Metrics } from '@strato/service';
import express, { Express } from 'express';
import { localRoutes } from '../http/system-routes';

/** Marathon's proxy headers: `X-Marathon-Via` marks a proxied request, `X-Marathon-Leader` names who answered. */
export const VIA_HEADER = 'X-Marathon-Via';
export const LEADER_HEADER = 'X-Marathon-Leader';

export interface StandbyView {
  readonly metrics: Metrics;
  /** This instance's `host:port` (the value of `X-Marathon-Via`). */
  readonly self: string;
  /** The leader's base URL, or undefined while none is known (or this instance is taking over). */
  leaderUrl(): string | undefined;
  /** Why there is no leader to pass to, when this instance knows better than the proxy (it is taking over). */
  unavailableReason(): string | undefined;
}

/**
 * A standby's whole HTTP surface: `/ping` and `/metrics*` answered here (a load balancer's health
 * check must see this instance, not the leader), everything else passed to the leader, as Marathon's
 * LeaderProxyFilter does. No body parser: the proxy forwards the raw body.
 */
export function standbyApp(view: StandbyView): Express {
  const app = express();
  app.disable('x-powered-by');
  localRoutes(app, view.metrics);
  app.use(
    leaderProxy({
      leaderUrl: () => view.leaderUrl(),
      viaHeader: VIA_HEADER,
      leaderHeader: LEADER_HEADER,
      self: view.self,
      unavailable: (res, message) => {
        res.status(503).json({ message: view.unavailableReason() ?? message });
      },
    }),
  );
  return app;
}

/** The `url` a candidate published (see `leaderData`), if it is one. */
export function publishedUrl(data: unknown): string | undefined {
  const url = (data as { url?: unknown } | undefined)?.url;
  return typeof url === 'string' ? url : undefined;
}

/** What an instance publishes in its candidate node: how the others reach it. */
export function leaderData(host: string, port: number): { host: string; port: number; url: string } {
  return { host, port, url: `http://${host}:${port}` };
}
