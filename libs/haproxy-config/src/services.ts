/**
 * Which apps, ports and tasks are served: marathon-lb's `get_apps` plus its group filter
 * (servicediscovery.md §1.3–1.5), as one pure function from Marathon's apps to sorted services.
 */
import type { MarathonApp, MarathonHealthCheck, MarathonTask } from './marathon';
import type { LbOptions, Server, Service, ServiceHealthCheck } from './types';
import { PER_PORT_TEMPLATE_NAMES } from './templates';
import { cleanAppId, commaList, inGroups, isTrue, parseInteger, portGroups, portLabel, portTemplates } from './labels';

/** Last health verdict per task id: used when a Marathon failover drops `healthCheckResults`. */
export type HealthMemory = ReadonlyMap<string, boolean>;

/** marathon-lb's excluded states: LOST and UNREACHABLE stay routed on purpose ("be optimistic"). */
const EXCLUDED_STATES: ReadonlySet<string> = new Set([
  'TASK_STAGING',
  'TASK_STARTING',
  'TASK_KILLING',
  'TASK_FINISHED',
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_ERROR',
  'TASK_DROPPED',
  'TASK_GONE',
  'TASK_GONE_BY_OPERATOR',
  'TASK_UNKNOWN',
]);

/** Health checks HAProxy can repeat itself; COMMAND checks run inside the task and have no HAProxy twin. */
const HTTP_CHECKS: ReadonlySet<string> = new Set(['HTTP', 'MESOS_HTTP']);
const TCP_CHECKS: ReadonlySet<string> = new Set(['TCP', 'MESOS_TCP', 'HTTPS', 'MESOS_HTTPS']);

/** One app's routable servers, per service-port index. */
interface Candidate {
  readonly app: MarathonApp;
  /** The backend's id: the app id, or its `HAPROXY_DEPLOYMENT_GROUP`. */
  readonly serviceId: string;
  readonly servers: Server[][];
  /** Tasks the app(s) should run (Marathon's `instances`, summed over a deployment group). */
  readonly expected: number;
}

export function servicesFromApps(
  apps: readonly MarathonApp[],
  options: LbOptions,
  memory: HealthMemory,
): { services: Service[]; memory: Map<string, boolean> } {
  const nextMemory = new Map<string, boolean>();
  const candidates = apps.map((app) => ({
    app,
    serviceId: app.labels['HAPROXY_DEPLOYMENT_GROUP']?.trim() || app.id,
    servers: routableServers(app, options, memory, nextMemory),
    expected: app.instances,
  }));
  const services = mergeDeploymentGroups(candidates).flatMap((c) => servicesOf(c, options));
  services.sort((a, b) => compare(a.appId, b.appId) || a.servicePort - b.servicePort);
  return { services, memory: nextMemory };
}

/** Tasks that pass marathon-lb's filter, turned into servers for each service port they have a port for. */
function routableServers(
  app: MarathonApp,
  options: LbOptions,
  memory: HealthMemory,
  nextMemory: Map<string, boolean>,
): Server[][] {
  const servers: Server[][] = app.servicePorts.map(() => []);
  const checks = app.servicePorts.map((_, i) => checkPortSource(app, i));
  const filterHealth = options.healthCheck && app.healthChecks.length > 0;
  for (const task of app.tasks) {
    if (!task.host || EXCLUDED_STATES.has(task.state)) continue;
    if (filterHealth && !isAlive(task, memory, nextMemory)) continue;
    const address = app.ipPerTask ? task.ipAddresses[0]?.ipAddress : task.host;
    if (!address) continue;
    const ports = app.ipPerTask && app.containerPorts.length > 0 ? app.containerPorts : task.ports;
    for (let i = 0; i < servers.length && i < ports.length; i++) {
      servers[i].push({ taskId: task.id, address, port: ports[i], checkPort: checkPortOf(checks[i], i, ports) });
    }
  }
  return servers;
}

/** Marathon's results when present (and remembered); otherwise the remembered verdict; unknown tasks are dropped. */
function isAlive(task: MarathonTask, memory: HealthMemory, nextMemory: Map<string, boolean>): boolean {
  const verdict = task.healthCheckResults
    ? task.healthCheckResults.some((r) => r.alive)
    : memory.get(task.id);
  if (verdict !== undefined) nextMemory.set(task.id, verdict);
  return verdict === true;
}

/** marathon-lb's `get_health_check`: the first check with a fixed port, or whose port index is this port. */
function healthCheckOf(app: MarathonApp, index: number): MarathonHealthCheck | undefined {
  return app.healthChecks.find(
    (hc) =>
      (HTTP_CHECKS.has(hc.protocol) || TCP_CHECKS.has(hc.protocol)) &&
      (hc.port !== undefined || (hc.portIndex ?? 0) === index),
  );
}

/** Where a port's health-check port comes from: another task port (by index), or a fixed port. Per app, not per task. */
interface CheckPortSource {
  byIndex?: number;
  fixed?: number;
}

function checkPortSource(app: MarathonApp, index: number): CheckPortSource {
  const byIndex = parseInteger(portLabel(app.labels, index, 'BACKEND_HEALTHCHECK_PORT_INDEX'));
  return byIndex !== undefined ? { byIndex } : { fixed: healthCheckOf(app, index)?.port };
}

function checkPortOf(source: CheckPortSource, index: number, ports: readonly number[]): number | undefined {
  const checkPort = source.byIndex !== undefined ? ports[source.byIndex] : source.fixed;
  return checkPort !== undefined && checkPort !== ports[index] ? checkPort : undefined;
}

/**
 * Blue/green apps sharing `HAPROXY_DEPLOYMENT_GROUP` become one backend named after the group. The newer
 * app (latest `HAPROXY_DEPLOYMENT_STARTED_AT`, then app id) gives the labels and service ports; every
 * app's routable tasks serve. marathon-lb's draining of surplus old tasks is not reproduced: zdd-style
 * tools scale the old app down themselves, and each removed task leaves its slot at runtime.
 */
function mergeDeploymentGroups(candidates: readonly Candidate[]): Candidate[] {
  const byId = new Map<string, Candidate[]>();
  for (const c of candidates) byId.set(c.serviceId, [...(byId.get(c.serviceId) ?? []), c]);
  return [...byId.values()].map((group) => {
    if (group.length === 1) return group[0];
    const newest = [...group].sort(byDeploymentStart).at(-1)!;
    const servers = newest.app.servicePorts.map((_, i) => group.flatMap((c) => c.servers[i] ?? []));
    return { ...newest, servers, expected: group.reduce((sum, c) => sum + c.expected, 0) };
  });
}

function byDeploymentStart(a: Candidate, b: Candidate): number {
  const started = (c: Candidate) => c.app.labels['HAPROXY_DEPLOYMENT_STARTED_AT'] ?? '';
  return compare(started(a), started(b)) || compare(a.app.id, b.app.id);
}

function servicesOf(candidate: Candidate, options: LbOptions): Service[] {
  const { app, serviceId } = candidate;
  const services: Service[] = [];
  app.servicePorts.forEach((servicePort, index) => {
    if (!inGroups(options.groups, portGroups(app.labels, index))) return;
    if (options.strictMode && !isTrue(portLabel(app.labels, index, 'ENABLED'))) return;
    const servers = uniqueSorted(candidate.servers[index] ?? []);
    // An app that should run tasks is served before they run, so their arrival is a runtime update, not a reload.
    if (servers.length === 0 && candidate.expected === 0) return;
    services.push(serviceOf(app, serviceId, index, servicePort, servers, candidate.expected));
  });
  return services;
}

function serviceOf(app: MarathonApp, serviceId: string, index: number, servicePort: number, servers: Server[], expected: number): Service {
  const label = (name: string) => portLabel(app.labels, index, name)?.trim() || undefined;
  const port = parseInteger(label('PORT')) ?? servicePort;
  const vhosts = commaList(label('VHOST')?.toLowerCase());
  const healthCheck = toServiceHealthCheck(healthCheckOf(app, index));
  const mode = label('MODE')?.toLowerCase();
  const path = label('PATH');
  return {
    appId: serviceId,
    name: `${cleanAppId(serviceId)}_${port}`,
    index,
    servicePort: port,
    mode: mode === 'http' || mode === 'tcp' ? mode : vhosts.length > 0 || healthCheck?.kind === 'http' ? 'http' : 'tcp',
    balance: label('BALANCE') ?? 'roundrobin',
    sticky: isTrue(label('STICKY')),
    redirectToHttps: isTrue(label('REDIRECT_TO_HTTPS')),
    useHsts: isTrue(label('USE_HSTS')),
    sslCert: label('SSL_CERT'),
    bindAddr: label('BIND_ADDR') ?? '*',
    bindOptions: label('BIND_OPTIONS'),
    vhosts,
    path,
    // marathon-lb: a path rule must be tried before the catch-all rule of the same host.
    backendWeight: parseInteger(label('BACKEND_WEIGHT')) || (path ? 1 : 0),
    healthCheck,
    templates: portTemplates(app.labels, index, PER_PORT_TEMPLATE_NAMES),
    expectedServers: expected,
    servers,
  };
}

function toServiceHealthCheck(hc: MarathonHealthCheck | undefined): ServiceHealthCheck | undefined {
  if (!hc) return undefined;
  return {
    kind: HTTP_CHECKS.has(hc.protocol) ? 'http' : 'tcp',
    path: hc.path || '/',
    intervalSeconds: hc.intervalSeconds,
    timeoutSeconds: hc.timeoutSeconds,
    falls: hc.maxConsecutiveFailures + 1,
  };
}

/** Servers sorted by (address, port) as marathon-lb, one per address:port. */
function uniqueSorted(servers: readonly Server[]): Server[] {
  const byAddress = (a: Server, b: Server) => compare(a.address, b.address) || a.port - b.port;
  let ordered = true;
  for (let i = 1; i < servers.length && ordered; i++) ordered = byAddress(servers[i - 1], servers[i]) <= 0;
  // The sort is stable: an ordered list would come out as it is.
  const sorted = ordered ? servers : [...servers].sort(byAddress);
  const unique: Server[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i];
    if (i === 0 || s.address !== sorted[i - 1].address || s.port !== sorted[i - 1].port) unique.push(s);
  }
  return unique;
}

/** Code-point order, so every LB instance sorts the same whatever its locale. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
