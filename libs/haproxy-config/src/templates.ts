/**
 * marathon-lb's template names as handlebars templates (`{{backend}}` where marathon-lb had `{backend}`).
 * Defaults are valid for HAProxy 2.6: no `rspadd` / `reqirep`, which are fatal since 2.1.
 */
import Handlebars from 'handlebars';
import { StratoError } from '@strato/errors';

export type Templates = Readonly<Record<string, string>>;

/** A template that does not compile, fails on sample data, or has a name we do not know. */
export class TemplateError extends StratoError {
  override readonly name = 'TemplateError';

  constructor(readonly template: string, message: string) {
    super('INVALID_ARGUMENT', `template ${template}: ${message}`, { template });
  }
}

const HEAD = `global
  maxconn 50000
  stats socket {{adminSocket}} mode 600 level admin expose-fd listeners
  stats timeout 2m
  server-state-file {{serverStateFile}}
  hard-stop-after 10m
  ssl-default-bind-options no-sslv3 no-tlsv10 no-tlsv11 no-tls-tickets
defaults
  load-server-state-from-file global
  log global
  option dontlognull
  option redispatch
  retries 3
  retry-on conn-failure empty-response response-timeout
  backlog 10000
  maxconn 10000
  timeout connect 3s
  timeout client 30s
  timeout server 30s
  timeout tunnel 3600s
  timeout http-keep-alive 1s
  timeout http-request 15s
  timeout queue 30s
  timeout tarpit 60s

frontend stats
  bind *:{{statsPort}}
  mode http
  monitor-uri /_haproxy_health_check
  stats enable
  stats uri /haproxy?stats
  http-request use-service prometheus-exporter if { path /metrics }
`;

/** Global-only templates. */
const GLOBAL: Templates = {
  HAPROXY_HEAD: HEAD,
  HAPROXY_HTTP_FRONTEND_HEAD: '\nfrontend marathon_http_in\n  bind *:{{httpPort}}\n  mode http\n',
  HAPROXY_HTTPS_FRONTEND_HEAD: '\nfrontend marathon_https_in\n  bind *:{{httpsPort}} ssl {{sslCerts}}\n  mode http\n',
};

const SERVER_CHECK = ' check inter {{healthCheckIntervalSeconds}}s fall {{healthCheckFalls}}{{healthCheckPortOptions}}';

/** Templates that a `HAPROXY_{n}_<NAME>` label may replace for one service port. */
const PER_PORT: Templates = {
  HAPROXY_FRONTEND_HEAD: '\nfrontend {{backend}}\n  bind {{bindAddr}}:{{servicePort}}{{sslCert}}{{bindOptions}}\n  mode {{mode}}\n',
  HAPROXY_FRONTEND_BACKEND_GLUE: '  use_backend {{backend}}\n',
  HAPROXY_BACKEND_HEAD: '\nbackend {{backend}}\n  balance {{balance}}\n  mode {{mode}}\n',
  HAPROXY_BACKEND_HTTP_OPTIONS:
    '  option forwardfor\n  http-request set-header X-Forwarded-Port %[dst_port]\n' +
    '  http-request add-header X-Forwarded-Proto https if { ssl_fc }\n',
  HAPROXY_BACKEND_HSTS_OPTIONS: '  http-response set-header Strict-Transport-Security max-age=15768000\n',
  HAPROXY_BACKEND_STICKY_OPTIONS: '  cookie mesosphere_server_id insert indirect nocache\n',
  HAPROXY_BACKEND_REDIRECT_HTTP_TO_HTTPS: '  redirect scheme https code 301 if !{ ssl_fc } host_{{cleanedUpHostname}}\n',
  HAPROXY_BACKEND_REDIRECT_HTTP_TO_HTTPS_WITH_PATH:
    '  redirect scheme https code 301 if !{ ssl_fc } host_{{cleanedUpHostname}} path_{{backend}}\n',
  HAPROXY_BACKEND_HTTP_HEALTHCHECK_OPTIONS:
    '  option httpchk GET {{healthCheckPath}}\n  timeout check {{healthCheckTimeoutSeconds}}s\n',
  HAPROXY_BACKEND_TCP_HEALTHCHECK_OPTIONS: '  timeout check {{healthCheckTimeoutSeconds}}s\n',
  HAPROXY_BACKEND_SERVER_OPTIONS:
    '  server {{serverName}} {{host}}:{{port}}{{cookieOptions}}{{healthCheckOptions}}{{otherOptions}}\n',
  HAPROXY_BACKEND_SERVER_HTTP_HEALTHCHECK_OPTIONS: SERVER_CHECK,
  HAPROXY_BACKEND_SERVER_TCP_HEALTHCHECK_OPTIONS: SERVER_CHECK,
  HAPROXY_HTTP_FRONTEND_ACL_ONLY: '  acl host_{{cleanedUpHostname}} req.hdr(host),field(1,:) -i {{hostname}}\n',
  HAPROXY_HTTP_FRONTEND_ROUTING_ONLY: '  use_backend {{backend}} if host_{{cleanedUpHostname}}\n',
  HAPROXY_HTTP_FRONTEND_ACL_ONLY_WITH_PATH: '  acl path_{{backend}} path_beg {{path}}\n',
  HAPROXY_HTTP_FRONTEND_ROUTING_ONLY_WITH_PATH:
    '  use_backend {{backend}} if host_{{cleanedUpHostname}} path_{{backend}}\n',
  HAPROXY_HTTPS_FRONTEND_ACL: '  use_backend {{backend}} if { ssl_fc_sni {{hostname}} }\n',
  HAPROXY_HTTPS_FRONTEND_ACL_WITH_PATH:
    '  acl path_{{backend}} path_beg {{path}}\n  use_backend {{backend}} if { ssl_fc_sni {{hostname}} } path_{{backend}}\n',
};

export const DEFAULT_TEMPLATES: Templates = Object.freeze({ ...GLOBAL, ...PER_PORT });

/** Every template name we render, global and per port. */
export const TEMPLATE_NAMES: readonly string[] = Object.freeze(Object.keys(DEFAULT_TEMPLATES));

/** Names a `HAPROXY_{n}_<NAME>` label may override (as full names: `HAPROXY_FRONTEND_HEAD`). */
export const PER_PORT_TEMPLATE_NAMES: ReadonlySet<string> = new Set(Object.keys(PER_PORT));

const handlebars = Handlebars.create();
const compiled = new Map<string, ReturnType<typeof handlebars.compile>>();
/** Label overrides come and go; a bound keeps the cache from growing with every edited label. */
const MAX_COMPILED = 2000;

/**
 * Compiled once per distinct text. `noEscape`: HAProxy ACLs hold `&`, `<`, `'`, which HTML escaping would
 * mangle. Handlebars compiles lazily, so syntax errors surface on the first call, inside `renderTemplate`.
 */
export function renderTemplate(text: string, context: object): string {
  let template = compiled.get(text);
  if (!template) {
    template = handlebars.compile(text, { noEscape: true });
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(text, template);
  }
  return template(context);
}

/** Sample values for every variable the renderer provides: a trial render catches runtime errors (unknown helpers). */
const SAMPLE_CONTEXT = {
  adminSocket: '/run/haproxy/admin.sock',
  serverStateFile: '/var/state/haproxy/global',
  statsPort: 9090,
  httpPort: 80,
  httpsPort: 443,
  sslCerts: 'crt /etc/ssl/cert.pem',
  backend: 'app_10000',
  appId: '/app',
  cleanedUpAppId: 'app',
  bindAddr: '*',
  servicePort: 10000,
  mode: 'http',
  sslCert: '',
  bindOptions: '',
  balance: 'roundrobin',
  hostname: 'app.example.com',
  cleanedUpHostname: 'app_example_com',
  path: '/api',
  serverName: 'app_10000_s0',
  host: '10.0.0.1',
  port: 31000,
  cookieOptions: '',
  healthCheckOptions: '',
  otherOptions: '',
  healthCheckPath: '/',
  healthCheckTimeoutSeconds: 20,
  healthCheckIntervalSeconds: 60,
  healthCheckFalls: 4,
  healthCheckPortOptions: '',
};

/** Compiles `text` and renders it once on sample data; throws TemplateError naming `name`. */
export function checkTemplate(name: string, text: string): void {
  try {
    renderTemplate(text, SAMPLE_CONTEXT);
  } catch (error) {
    throw new TemplateError(name, error instanceof Error ? error.message : String(error));
  }
}

/**
 * `base` with `overrides` replacing templates by name (the app reads them from the environment or a
 * template directory, in marathon-lb's precedence). Throws on an unknown name or a template that fails.
 */
export function withOverrides(base: Templates, overrides: Record<string, string>): Templates {
  const result: Record<string, string> = { ...base };
  for (const [name, text] of Object.entries(overrides)) {
    if (!(name in DEFAULT_TEMPLATES)) throw new TemplateError(name, 'unknown template name');
    checkTemplate(name, text);
    result[name] = text;
  }
  return Object.freeze(result);
}
