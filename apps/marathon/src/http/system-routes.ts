import { Metrics, serveUi, STRATO_VERSION, uiDir } from '@strato/service';
import { Express } from 'express';
import { MarathonConfig } from '../flags';

export interface SystemView {
  readonly config: MarathonConfig;
  readonly metrics: Metrics;
  frameworkId(): string | undefined;
  /** The leader's `host:port` (this instance's while it leads). */
  leader(): string | undefined;
  /** Whether this instance leads. */
  elected(): boolean;
  /**
   * `DELETE /v2/leader` (HA only): called once the answer is sent; steps down and ends the process.
   * Standalone has no election to leave, so the route does not exist there.
   */
  abdicate?(): void;
}

/**
 * What every instance answers itself, standby or leader: `/ping`, `/metrics`, `/metrics/prometheus` and the
 * web UI (`/ui/`, `/` redirects there as Marathon does). A standby serves the UI's files itself, so the UI opens
 * even while no leader is known; the UI's `/v2` requests are proxied to the leader like any other.
 */
export function localRoutes(app: Express, metrics: Metrics): void {
  app.get('/', (_req, res) => res.redirect(302, '/ui/'));
  // In the esbuild bundle `__dirname` is apps/marathon/dist: the UI is dist/ui.
  serveUi(app, '/ui', uiDir(__dirname));
  app.get('/ping', (_req, res) => res.type('text/plain').send('pong'));
  app.get('/metrics', (_req, res) => res.json(dropwizard(metrics.snapshot())));
  app.get('/metrics/prometheus', (_req, res) => res.type('text/plain').send(metrics.prometheus('marathon')));
}

/** `localRoutes` plus the leader's `/v2/info` and `/v2/leader` (a standby proxies those to the leader). */
export function systemRoutes(app: Express, view: SystemView): void {
  localRoutes(app, view.metrics);
  app.get('/v2/leader', (_req, res) => {
    const leader = view.leader();
    if (leader) res.json({ leader });
    else res.status(404).json({ message: 'There is no leader' });
  });
  const abdicate = view.abdicate?.bind(view);
  if (abdicate) {
    app.delete('/v2/leader', (_req, res) => {
      res.on('close', abdicate);
      res.json({ message: 'Leadership abdicted' }); // sic: Marathon's spelling, which clients may match
    });
  }
  app.get('/v2/info', (_req, res) => res.json(info(view)));
}

function info(view: SystemView): Record<string, unknown> {
  const c = view.config;
  return {
    name: 'marathon',
    version: STRATO_VERSION,
    buildref: 'strato',
    elected: view.elected(),
    leader: view.leader() ?? null,
    frameworkId: view.frameworkId() ?? null,
    marathon_config: {
      master: c.master,
      hostname: c.hostname,
      framework_name: c.frameworkName,
      mesos_role: c.mesosRole,
      failover_timeout: c.failoverTimeoutMs / 1000,
      checkpoint: true,
      decline_offer_duration: c.declineOfferDurationMs,
      local_port_min: c.localPortMin,
      local_port_max: c.localPortMax,
      reconciliation_interval: c.reconciliationIntervalMs,
      executor: '//cmd',
      features: [],
      ha: c.zk !== undefined,
      webui_url: `http://${c.hostname}:${c.httpPort}`,
    },
    zookeeper_config: {
      zk: c.zk?.url ?? null,
      zk_session_timeout: c.zkSessionTimeoutMs,
      zk_max_versions: c.zkMaxVersions,
    },
    http_config: { http_port: c.httpPort, https_port: null },
  };
}

/** Marathon's `/metrics` shape: counters and gauges keyed by dotted names. */
function dropwizard(snapshot: Record<string, number>): Record<string, unknown> {
  const gauges: Record<string, { value: number }> = {};
  for (const [name, value] of Object.entries(snapshot)) gauges[`marathon.${name.replace(/\//g, '.')}`] = { value };
  return { version: '4.0.0', counters: {}, gauges, histograms: {}, meters: {}, timers: {} };
}
