import { leaderProxy, Metrics, serveUi, uiDir } from '@strato/service';
import express, { Express } from 'express';
import { cors } from './cors';
import { sendError } from './errors';
import { IDLE_STATS, localRoutes } from './system-routes';

/** Marks a request a standby passed on (Chronos' RedirectFilter proxies; a request never goes round twice). */
export const VIA_HEADER = 'X-Chronos-Via';
/** On every proxied answer: the leader's URL, so a client can see who answered. */
export const LEADER_HEADER = 'X-Chronos-Leader';

export interface StandbyHttpOptions {
  readonly metrics: Metrics;
  /** This instance's `host:port`, put in `X-Chronos-Via`. */
  readonly self: string;
  /** The leader's base URL (`http://host:port`), undefined while none is known (or while it is this instance). */
  leaderUrl(): string | undefined;
}

/**
 * A standby's whole HTTP surface: `/ping`, `/health` and `/metrics*` describe this instance, so
 * monitoring sees every process; every other request (`/leader` and the scheduler API included, bodies
 * untouched) goes to the leader, so clients may talk to any instance. Nothing parses a body before the
 * proxy. No leader, a loop or a leader that cannot be reached: 503 in Chronos' error entity.
 * The web UI's own files (`/`, `/app.js`, `/style.css`) are served locally, so the page loads on any
 * instance even while no leader is known; the API calls it makes are proxied like any other request.
 */
export function standbyHttpApp(options: StandbyHttpOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(cors());
  localRoutes(app, { metrics: options.metrics, stats: () => IDLE_STATS, frameworkId: () => undefined });
  serveUi(app, '/', uiDir(__dirname));
  app.use(
    leaderProxy({
      leaderUrl: () => options.leaderUrl(),
      viaHeader: VIA_HEADER,
      leaderHeader: LEADER_HEADER,
      self: options.self,
      unavailable: (res, message) => sendError(res, 503, message),
    }),
  );
  return app;
}
