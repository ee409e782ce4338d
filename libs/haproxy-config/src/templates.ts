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

// No global maxconn: HAProxy derives it from the file-descriptor limit (marathon-lb's 50000 needs ~100k fds
// and HAProxy refuses to start under a lower hard limit, 20000 on our CI machine).
const HEAD = `global
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

/** A template's text split at its variables: literal, name, literal, …, literal (odd indices are names). */
type SimpleParts = readonly string[];

/** A template compiled once: plain substitution when it is only `{{name}}`s, else handlebars. */
export interface CompiledTemplate {
  (context: object): string;
  /** Set when the text is plain `{{name}}` substitution, so a caller may fill its own values. */
  readonly simple?: SimpleParts;
}

const compiled = new Map<string, CompiledTemplate>();
/** Label overrides come and go; a bound keeps the cache from growing with every edited label. */
const MAX_COMPILED = 2000;

/** Handlebars keywords and literals: never plain context lookups. */
const NOT_NAMES: ReadonlySet<string> = new Set(['else', 'this', 'true', 'false', 'null', 'undefined']);
const MUSTACHE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/y;

/**
 * `text` as literal/name parts when handlebars would only look names up in the context: `{{name}}` or
 * `{{ name }}`, no blocks, helpers, paths, comments, partials, triple or escaped mustaches, whitespace
 * control, nor a `}}` outside a mustache. Anything else is left to handlebars (undefined).
 */
function simpleParts(text: string): SimpleParts | undefined {
  if (text.includes('\u0000')) return undefined;
  const parts: string[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    const literal = text.slice(from, open === -1 ? text.length : open);
    if (literal.includes('}}') || (parts.length > 0 && literal.startsWith('}'))) return undefined;
    parts.push(literal);
    if (open === -1) return parts;
    if (open > 0 && text[open - 1] === '\\') return undefined;
    MUSTACHE.lastIndex = open;
    const match = MUSTACHE.exec(text);
    if (!match) return undefined;
    const name = match[1];
    if (NOT_NAMES.has(name) || Object.prototype.hasOwnProperty.call(handlebars.helpers, name)) return undefined;
    parts.push(name);
    from = MUSTACHE.lastIndex;
  }
}

/**
 * Fills simple parts from `context` as handlebars would: own properties only, strings as they are, numbers
 * and booleans as `String()` gives them. Undefined when a value is of another kind (missing, null, a
 * function, an object): the caller then asks handlebars, which has its own rules for those.
 */
export function fillSimple(parts: SimpleParts, context: object): string | undefined {
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    if (!Object.prototype.hasOwnProperty.call(context, name)) return undefined;
    const value: unknown = (context as Record<string, unknown>)[name];
    if (typeof value === 'string') out += value;
    else if (typeof value === 'number' || typeof value === 'boolean') out += String(value);
    else return undefined;
    out += parts[i + 1];
  }
  return out;
}

/** A simple template with its fixed values filled in: literals around positions in a list of values. */
export interface BoundTemplate {
  /** One more than `positions`. */
  readonly literals: readonly string[];
  /** Index into `keep` (and the values given to `fillBound`) of each remaining variable. */
  readonly positions: readonly number[];
}

/**
 * Simple parts with every name outside `keep` filled from `fixed` (as `fillSimple` would), so a template
 * rendered many times with mostly the same values is filled with the few that change (`fillBound`, by
 * position: faster than by name). Undefined when one of the fixed values needs handlebars.
 */
export function bindSimple(parts: SimpleParts, fixed: object, keep: readonly string[]): BoundTemplate | undefined {
  const literals = [parts[0]];
  const positions: number[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    const position = keep.indexOf(name);
    if (position !== -1) {
      positions.push(position);
      literals.push(parts[i + 1]);
      continue;
    }
    const value = fillSimple(['', name, ''], fixed);
    if (value === undefined) return undefined;
    literals[literals.length - 1] += value + parts[i + 1];
  }
  return { literals, positions };
}

/** A bound template filled with the values of the names it kept, in `keep` order. */
export function fillBound(bound: BoundTemplate, values: readonly string[]): string {
  const { literals, positions } = bound;
  let out = literals[0];
  for (let i = 0; i < positions.length; i++) out += values[positions[i]] + literals[i + 1];
  return out;
}

/**
 * Compiled once per distinct text. `noEscape`: HAProxy ACLs hold `&`, `<`, `'`, which HTML escaping would
 * mangle. Templates that only substitute names skip handlebars (same output, a fraction of the cost); the
 * others compile lazily, so their syntax errors surface on the first call.
 */
export function compileTemplate(text: string): CompiledTemplate {
  let template = compiled.get(text);
  if (!template) {
    let full: ReturnType<typeof handlebars.compile> | undefined;
    const slow = (context: object) => (full ??= handlebars.compile(text, { noEscape: true }))(context);
    const simple = simpleParts(text);
    template = simple
      ? Object.assign((context: object) => fillSimple(simple, context) ?? slow(context), { simple })
      : (slow as CompiledTemplate);
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(text, template);
  }
  return template;
}

export function renderTemplate(text: string, context: object): string {
  return compileTemplate(text)(context);
}

/** Sample values for every variable the renderer provides: a trial render catches runtime errors (unknown helpers). */
export const SAMPLE_CONTEXT = {
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
