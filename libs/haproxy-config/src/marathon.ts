/**
 * The edge conversion: Marathon's `GET /v2/apps?embed=apps.tasks` JSON to the few typed fields the LB reads.
 * Lenient on purpose: the LB must keep serving the good apps when one app (or one Marathon version) looks odd,
 * so missing fields get Marathon's defaults and an app without an id is skipped rather than failing the list.
 */

export interface MarathonTask {
  id: string;
  appId: string;
  /** Agent host name. Must be an IP literal for runtime-API updates (`set server addr` takes no names): the lb app resolves it. */
  host: string;
  ports: number[];
  ipAddresses: { ipAddress: string }[];
  state: string;
  /** Absent (not empty) right after a Marathon leader failover: then the remembered verdict applies. */
  healthCheckResults?: { alive: boolean }[];
  startedAt?: string;
}

export interface MarathonHealthCheck {
  protocol: string;
  path?: string;
  portIndex?: number;
  port?: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  maxConsecutiveFailures: number;
}

export interface MarathonApp {
  id: string;
  labels: Record<string, string>;
  instances: number;
  servicePorts: number[];
  healthChecks: MarathonHealthCheck[];
  tasks: MarathonTask[];
  ipPerTask: boolean;
  /** Ports inside the task's own network namespace (IP-per-task apps), paired with `ipAddresses[0]`. */
  containerPorts: number[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const array = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
function ints(v: unknown): number[] {
  const out: number[] = [];
  if (!Array.isArray(v)) return out;
  for (const n of v) if (typeof n === 'number' && Number.isInteger(n)) out.push(n);
  return out;
}

/** Accepts `{ apps: [...] }` (or a bare array); skips entries that are not apps with an id. */
export function toMarathonApps(json: unknown): MarathonApp[] {
  const list = Array.isArray(json) ? json : isObject(json) ? array(json['apps']) : [];
  const apps: MarathonApp[] = [];
  for (const raw of list) {
    const app = toApp(raw);
    if (app) apps.push(app);
  }
  return apps;
}

function toApp(raw: unknown): MarathonApp | undefined {
  if (!isObject(raw)) return undefined;
  const id = str(raw['id']);
  if (!id) return undefined;
  const container = isObject(raw['container']) ? raw['container'] : {};
  const mappings = portMappings(container);
  return {
    id,
    labels: stringRecord(raw['labels']),
    instances: int(raw['instances']) ?? 0,
    servicePorts: servicePorts(raw, mappings),
    healthChecks: array(raw['healthChecks']).filter(isObject).map(toHealthCheck),
    tasks: toTasks(raw['tasks'], id),
    ipPerTask: isIpPerTask(raw),
    containerPorts: containerPorts(raw, mappings),
  };
}

/** `container.portMappings` (Marathon ≥ 1.5) or the legacy `container.docker.portMappings`. */
function portMappings(container: Json): Json[] {
  const docker = isObject(container['docker']) ? container['docker'] : {};
  const mappings = array(container['portMappings']).length > 0 ? container['portMappings'] : docker['portMappings'];
  return array(mappings).filter(isObject);
}

/** Same order of preference as marathon-lb: port mappings, then port definitions, then the legacy `ports`. */
function servicePorts(raw: Json, mappings: Json[]): number[] {
  const fromMappings = mappings.map((m) => int(m['servicePort'])).filter((n): n is number => n !== undefined && n > 0);
  if (fromMappings.length > 0) return fromMappings;
  const definitions = array(raw['portDefinitions'])
    .filter(isObject)
    .map((d) => int(d['port']))
    .filter((n): n is number => n !== undefined && n > 0);
  if (definitions.length > 0) return definitions;
  return ints(raw['ports']).filter((n) => n > 0);
}

function containerPorts(raw: Json, mappings: Json[]): number[] {
  const fromMappings = mappings.map((m) => int(m['containerPort'])).filter((n): n is number => n !== undefined);
  if (fromMappings.length > 0) return fromMappings;
  const ipAddress = isObject(raw['ipAddress']) ? raw['ipAddress'] : {};
  const discovery = isObject(ipAddress['discovery']) ? ipAddress['discovery'] : {};
  return array(discovery['ports'])
    .filter(isObject)
    .map((p) => int(p['number']))
    .filter((n): n is number => n !== undefined);
}

/** Marathon 1.4's `ipAddress` object, or a Marathon ≥ 1.5 `container` network. */
function isIpPerTask(raw: Json): boolean {
  if (isObject(raw['ipAddress'])) return true;
  return array(raw['networks']).some((n) => isObject(n) && n['mode'] === 'container');
}

function toHealthCheck(raw: Json): MarathonHealthCheck {
  return {
    protocol: str(raw['protocol'])?.toUpperCase() ?? 'HTTP',
    path: str(raw['path']),
    portIndex: int(raw['portIndex']),
    port: int(raw['port']),
    intervalSeconds: int(raw['intervalSeconds']) ?? 60,
    timeoutSeconds: int(raw['timeoutSeconds']) ?? 20,
    maxConsecutiveFailures: int(raw['maxConsecutiveFailures']) ?? 3,
  };
}

// Tasks are most of the body (10 per app and more): plain loops, no intermediate arrays.
function toTasks(raw: unknown, appId: string): MarathonTask[] {
  const tasks: MarathonTask[] = [];
  if (!Array.isArray(raw)) return tasks;
  for (const t of raw) {
    const task = toTask(t, appId);
    if (task) tasks.push(task);
  }
  return tasks;
}

function toTask(raw: unknown, appId: string): MarathonTask | undefined {
  if (!isObject(raw)) return undefined;
  const id = str(raw['id']);
  if (!id) return undefined;
  const results = raw['healthCheckResults'];
  return {
    id,
    appId: str(raw['appId']) ?? appId,
    host: str(raw['host']) ?? '',
    ports: ints(raw['ports']),
    ipAddresses: ipAddresses(raw['ipAddresses']),
    state: str(raw['state']) ?? 'TASK_RUNNING',
    healthCheckResults: Array.isArray(results) ? healthResults(results) : undefined,
    startedAt: str(raw['startedAt']),
  };
}

function ipAddresses(raw: unknown): { ipAddress: string }[] {
  const out: { ipAddress: string }[] = [];
  if (!Array.isArray(raw)) return out;
  for (const a of raw) {
    const ipAddress = isObject(a) ? str(a['ipAddress']) : undefined;
    if (ipAddress) out.push({ ipAddress });
  }
  return out;
}

function healthResults(raw: unknown[]): { alive: boolean }[] {
  const out: { alive: boolean }[] = [];
  for (const r of raw) if (isObject(r)) out.push({ alive: r['alive'] === true });
  return out;
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(v)) return out;
  for (const [key, value] of Object.entries(v)) {
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
  }
  return out;
}
