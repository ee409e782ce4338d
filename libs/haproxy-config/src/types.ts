/** The LB's own settings (marathon-lb's flags), shared by the service selection and the renderer. */
export interface LbOptions {
  /** `--group`: a service is served when one of its groups is listed; `*` serves every app. */
  groups: string[];
  /** `--strict-mode`: a port is served only with `HAPROXY_{n}_ENABLED=true`. */
  strictMode: boolean;
  /** `--health-check`: apps with health checks are routed to alive tasks only. */
  healthCheck: boolean;
  /** `false` is `--dont-bind-http-https`: no shared `:httpPort` / `:httpsPort` vhost frontends. */
  bindHttpHttps: boolean;
  /** `--ssl-certs`: `crt` arguments of the `:httpsPort` frontend; none means no HTTPS frontend. */
  sslCerts: string[];
  httpPort: number;
  httpsPort: number;
  statsPort: number;
  /** Runtime API socket (`stats socket ... level admin expose-fd listeners`). */
  adminSocket: string;
  /** Written from `show servers state` before a reload so health and runtime addresses survive it. */
  serverStateFile: string;
}

/** One backend server, resolved to what HAProxy connects to. */
export interface Server {
  taskId: string;
  /** IP literal (or a host name, which only works at startup: runtime updates need an IP). */
  address: string;
  port: number;
  /** Health-check port when it differs from `port` (`HAPROXY_{n}_BACKEND_HEALTHCHECK_PORT_INDEX` or a fixed `port`). */
  checkPort?: number;
}

/** The HAProxy-side health check of a service, from the app's Marathon health check for that port. */
export interface ServiceHealthCheck {
  /** `http` adds `option httpchk`; `tcp` checks that a connection opens. */
  kind: 'http' | 'tcp';
  path: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  /** marathon-lb's `fall`: Marathon's `maxConsecutiveFailures + 1`. */
  falls: number;
}

/** One served port of one app (or of a merged deployment group): a frontend plus a backend. */
export interface Service {
  /** Marathon app id, or the deployment group for merged blue/green apps. */
  appId: string;
  /** Backend and frontend name: `<app id without leading slash, / → _>_<servicePort>`. */
  name: string;
  /** Index into the app's service ports (the `{n}` of `HAPROXY_{n}_*`). */
  index: number;
  /** Bound port: the Marathon service port, or `HAPROXY_{n}_PORT`. */
  servicePort: number;
  mode: 'http' | 'tcp';
  balance: string;
  sticky: boolean;
  redirectToHttps: boolean;
  useHsts: boolean;
  sslCert?: string;
  bindAddr: string;
  bindOptions?: string;
  /** Lower-cased host names for the `:httpPort` / `:httpsPort` frontends. */
  vhosts: string[];
  /** `path_beg` arguments, e.g. `-i /api /v2`. */
  path?: string;
  /** ACL ordering in the vhost frontends, highest first (not HAProxy's server `weight`). */
  backendWeight: number;
  healthCheck?: ServiceHealthCheck;
  /** Per-port template overrides from `HAPROXY_{n}_<TEMPLATE>` labels, keyed by full template name (`HAPROXY_FRONTEND_HEAD`). */
  templates: Readonly<Record<string, string>>;
  /** Servers the app should have (Marathon's `instances`): slots are allocated for them before their tasks run. */
  expectedServers: number;
  /** Sorted by (address, port). */
  servers: Server[];
}
