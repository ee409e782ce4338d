import { Metrics, STRATO_VERSION } from '@strato/service';
import { Express } from 'express';
import { MarathonConfig } from '../flags';

export interface SystemView {
  readonly config: MarathonConfig;
  readonly metrics: Metrics;
  frameworkId(): string | undefined;
  leader(): string | undefined;
}

/** `/ping`, `/v2/info`, `/v2/leader`, `/metrics` and `/metrics/prometheus`. */
export function systemRoutes(app: Express, view: SystemView): void {
  app.get('/ping', (_req, res) => res.type('text/plain').send('pong'));
  app.get('/v2/leader', (_req, res) => {
    const leader = view.leader();
    if (leader) res.json({ leader });
    else res.status(404).json({ message: 'There is no leader' });
  });
  app.get('/v2/info', (_req, res) => res.json(info(view)));
  app.get('/metrics', (_req, res) => res.json(dropwizard(view.metrics.snapshot())));
  app.get('/metrics/prometheus', (_req, res) => res.type('text/plain').send(view.metrics.prometheus('marathon')));
}

function info(view: SystemView): Record<string, unknown> {
  const c = view.config;
  return {
    name: 'marathon',
    version: STRATO_VERSION,
    buildref: 'strato',
    elected: view.leader() !== undefined,
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
      ha: false,
      webui_url: `http://${c.hostname}:${c.httpPort}`,
    },
    zookeeper_config: { zk: null, zk_max_versions: c.zkMaxVersions },
    http_config: { http_port: c.httpPort, https_port: null },
  };
}

/** Marathon's `/metrics` shape: counters and gauges keyed by dotted names. */
function dropwizard(snapshot: Record<string, number>): Record<string, unknown> {
  const gauges: Record<string, { value: number }> = {};
  for (const [name, value] of Object.entries(snapshot)) gauges[`marathon.${name.replace(/\//g, '.')}`] = { value };
  return { version: '4.0.0', counters: {}, gauges, histograms: {}, meters: {}, timers: {} };
}
