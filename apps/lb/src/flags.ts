import { flag, FlagSpec, FlagValues, parseFlags, RawFlags } from '@strato/service';
import { join, resolve } from 'node:path';

export interface LbConfig {
  /** Marathon base URLs, tried in order. */
  readonly marathons: readonly string[];
  readonly groups: readonly string[];
  readonly haproxyConfig: string;
  readonly healthCheck: boolean;
  readonly strictMode: boolean;
  readonly bindHttpHttps: boolean;
  readonly sslCerts: readonly string[];
  readonly maxBackoffMs: number;
  readonly lruCacheCapacity: number;
  readonly skipValidation: boolean;
  readonly dry: boolean;
  readonly logLevel: string;
  readonly address: string;
  readonly port: number;
  readonly workDir: string;
  readonly haproxyBin: string;
  readonly templatesDir: string;
  readonly resyncIntervalMs: number;
  readonly debounceMs: number;
  readonly debounceMaxMs: number;
  readonly minReloadIntervalMs: number;
  readonly httpFrontendPort: number;
  readonly httpsFrontendPort: number;
  readonly statsPort: number;
}

const bool = (name: string, description: string): FlagSpec => ({ ...flag(name, description), boolean: true });
const list = (name: string, description: string, defaultValue?: string, required = false): FlagSpec => ({
  ...flag(name, description, defaultValue, required),
  repeatable: true,
});

/** marathon-lb's flag names (kebab-case) where it has one, plus ours for the service itself. */
export const LB_FLAGS: readonly FlagSpec[] = [
  list('marathon', 'Marathon URL(s), comma-separated or repeated; tried in order', 'http://master.mesos:8080'),
  list('group', "HAPROXY_GROUP(s) to serve, comma-separated or repeated; '*' serves every app", undefined, true),
  flag('haproxy-config', 'where the HAProxy config is written (default <work-dir>/haproxy.cfg)'),
  bool('health-check', "route only to tasks that Marathon's health checks report alive (apps with health checks)"),
  bool('strict-mode', 'serve a port only with HAPROXY_{n}_ENABLED=true'),
  bool('dont-bind-http-https', 'no shared :80/:443 virtual-host frontends'),
  flag('ssl-certs', 'comma-separated certificate files for the :443 frontend (none: no :443 frontend)'),
  flag('max-backoff', 'longest wait between event-stream reconnects (seconds, or e.g. 5mins)', '300'),
  flag('lru-cache-capacity', 'host names whose resolved IP is cached', '1000'),
  bool('skip-validation', 'apply configs without `haproxy -c` first'),
  bool('dry', 'print the config rendered from Marathon once and exit'),
  bool('sse', "accepted for marathon-lb compatibility: Marathon's event stream is always used"),
  flag('log-level', 'trace, debug, info, warn, error or fatal', 'info'),
  flag('address', 'address the HTTP API binds to', '127.0.0.1'),
  flag('port', "the service's own HTTP API port (0 picks a free port)", '9095'),
  flag('work-dir', 'HAProxy config, sockets and server-state file', '/tmp/strato/lb'),
  flag('haproxy-bin', 'HAProxy executable', '/usr/sbin/haproxy'),
  flag('templates-dir', 'folder of template overrides named like the templates (missing: no overrides)', 'templates'),
  flag('resync-interval', 'full resync from /v2/apps this often (seconds, or e.g. 5mins)', '300'),
  flag('debounce', 'quiet time after an event before regenerating (a burst becomes one regeneration)', '100ms'),
  flag('debounce-max', 'longest an event waits for its regeneration while events keep coming', '1secs'),
  flag('min-reload-interval', 'least time between two HAProxy reloads (runtime updates are not limited)', '1secs'),
  flag('http-frontend-port', 'port of the shared HTTP virtual-host frontend', '80'),
  flag('https-frontend-port', 'port of the shared HTTPS virtual-host frontend', '443'),
  flag('stats-port', 'HAProxy stats and health port (/haproxy?stats, /_haproxy_health_check)', '9090'),
];

const commaList = (text: string | undefined): string[] =>
  (text ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

function marathonUrls(text: string | undefined): string[] {
  const urls = commaList(text).map((u) => u.replace(/\/+$/, ''));
  for (const url of urls) if (!/^https?:\/\/\S+$/.test(url)) throw new Error(`invalid --marathon '${url}': must be an http(s) URL`);
  if (urls.length === 0) throw new Error('--marathon needs at least one URL');
  return urls;
}

export function toLbConfig(raw: RawFlags): LbConfig {
  const f = new FlagValues(raw);
  const groups = commaList(f.text('group'));
  if (groups.length === 0) throw new Error("--group is required (a HAPROXY_GROUP, or '*')");
  const workDir = resolve(f.text('work-dir') ?? '/tmp/strato/lb');
  const debounceMs = f.duration('debounce', '100ms');
  const debounceMaxMs = f.duration('debounce-max', '1secs');
  if (debounceMaxMs < debounceMs) throw new Error(`invalid --debounce-max: must be at least --debounce (${debounceMs} ms)`);
  return {
    marathons: marathonUrls(f.text('marathon')),
    groups,
    haproxyConfig: resolve(f.text('haproxy-config') ?? join(workDir, 'haproxy.cfg')),
    healthCheck: raw['health-check'] === true,
    strictMode: raw['strict-mode'] === true,
    bindHttpHttps: raw['dont-bind-http-https'] !== true,
    sslCerts: commaList(f.text('ssl-certs')),
    maxBackoffMs: f.duration('max-backoff', '300', true),
    lruCacheCapacity: f.integer('lru-cache-capacity', '1000', 1),
    skipValidation: raw['skip-validation'] === true,
    dry: raw['dry'] === true,
    logLevel: f.text('log-level') ?? 'info',
    address: f.text('address') ?? '127.0.0.1',
    port: f.port('port', '9095'),
    workDir,
    haproxyBin: f.text('haproxy-bin') ?? '/usr/sbin/haproxy',
    templatesDir: resolve(f.text('templates-dir') ?? 'templates'),
    resyncIntervalMs: f.duration('resync-interval', '300', true),
    debounceMs,
    debounceMaxMs,
    minReloadIntervalMs: f.duration('min-reload-interval', '1secs'),
    httpFrontendPort: f.port('http-frontend-port', '80'),
    httpsFrontendPort: f.port('https-frontend-port', '443'),
    statsPort: f.port('stats-port', '9090'),
  };
}

export function parseLbFlags(argv: readonly string[] = process.argv): LbConfig {
  return toLbConfig(parseFlags('strato-lb', "Strato lb: marathon-lb compatible HAProxy bridge fed by Marathon's event stream", LB_FLAGS, argv));
}
