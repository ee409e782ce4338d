import { normalizeCheck, normalizeHealthCheck, normalizeReadinessCheck } from './checks';
import { isHostNetworking, migrateLegacy } from './legacy';
import { parent, resolvePath } from './path-id';
import type {
  AppDefinition,
  Container,
  FetchUri,
  Network,
  PortDefinition,
  PortMapping,
  Residency,
  UnreachableStrategy,
  UpgradeStrategy,
} from './types';
import { versionStamp, type Now } from './version-info';
import type { AppInput, ContainerInput, PortDefinitionInput, PortMappingInput } from './wire-types';

/** Marathon's defaults (raml/Apps.scala, AppNormalization, the RAML types); see README "Defaults". */
export const APP_DEFAULTS = {
  instances: 1,
  cpus: 1,
  mem: 128,
  disk: 0,
  gpus: 0,
  executor: '',
  requirePorts: false,
  backoffSeconds: 1,
  backoffFactor: 1.15,
  maxLaunchDelaySeconds: 300,
  killSelection: 'YOUNGEST_FIRST',
} as const;

export const SINGLE_INSTANCE_LABEL = 'MARATHON_SINGLE_INSTANCE_APP';

const DEFAULT_NETWORKS: Network[] = [{ mode: 'host' }];
const DEFAULT_PORT_DEFINITIONS: PortDefinitionInput[] = [{ port: 0, name: 'default' }];
const DEFAULT_PORT_MAPPINGS: PortMappingInput[] = [{ name: 'default' }];

export interface DefaultsOptions {
  /** Time of this version (epoch ms or Date); without it the input's version is kept (or the epoch). */
  now?: Now;
  /** Group the id and dependencies are relative to (default `/`). */
  base?: string;
}

/**
 * Turns a schema-valid app (deprecated spellings allowed) into the normalized `AppDefinition`: deprecated fields
 * converted, every default applied, ids absolute. Does not validate: run `validateApp` for untrusted input.
 */
export function withDefaults(input: AppInput, options: DefaultsOptions = {}): AppDefinition {
  const app = migrateLegacy(input);
  const id = resolvePath(app.id, options.base ?? '/');
  const networks = app.networks?.length ? app.networks.map(normalizeNetwork) : DEFAULT_NETWORKS.map((n) => ({ ...n }));
  const host = isHostNetworking(networks);
  const portDefinitions = host ? (app.portDefinitions ?? DEFAULT_PORT_DEFINITIONS).map(normalizePortDefinition) : [];
  const container = normalizeContainer(app.container, host, networks);
  const hasPorts = portDefinitions.length > 0 || (container?.portMappings?.length ?? 0) > 0;
  const resident = (container?.volumes ?? []).some((v) => v.persistent !== undefined);
  const labels = { ...(app.labels ?? {}) };
  return dropUndefined({
    ...APP_DEFAULTS,
    ...definedScalars(app),
    id,
    env: { ...(app.env ?? {}) },
    secrets: { ...(app.secrets ?? {}) },
    constraints: (app.constraints ?? []).map(([field, op, ...rest]) => [field, (op ?? '').toUpperCase(), ...rest]),
    portDefinitions,
    requirePorts: host ? (app.requirePorts ?? false) : false,
    networks,
    container,
    healthChecks: (app.healthChecks ?? []).map((hc) => normalizeHealthCheck(hc, hasPorts)),
    check: app.check ? normalizeCheck(app.check) : undefined,
    readinessChecks: (app.readinessChecks ?? []).map(normalizeReadinessCheck),
    dependencies: (app.dependencies ?? []).map((d) => resolvePath(d, parent(id))),
    upgradeStrategy: upgradeStrategy(app, resident, labels[SINGLE_INSTANCE_LABEL] === 'true'),
    unreachableStrategy: unreachableStrategy(app, resident),
    fetch: (app.fetch ?? []).map(normalizeFetch),
    labels,
    residency: app.residency || resident ? residency(app) : undefined,
    ...versionStamp(input, options.now),
  } as AppDefinition);
}

/** Fields copied as given when present (scalars and plain values without defaults of their own). */
function definedScalars(app: AppInput): Partial<AppDefinition> {
  const keys = [
    'cmd', 'args', 'user', 'instances', 'cpus', 'mem', 'disk', 'gpus', 'resourceLimits', 'executor',
    'executorResources', 'acceptedResourceRoles', 'role', 'backoffSeconds', 'backoffFactor',
    'maxLaunchDelaySeconds', 'killSelection', 'taskKillGracePeriodSeconds', 'tty',
  ] as const;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (app[k] !== undefined) out[k] = structuredClone(app[k]);
  return out as Partial<AppDefinition>;
}

function normalizeNetwork(n: NonNullable<AppInput['networks']>[number]): Network {
  return { ...n, mode: n.mode ?? 'container' };
}

function normalizePortDefinition(d: PortDefinitionInput): PortDefinition {
  const out: PortDefinition = { port: d.port ?? 0, protocol: d.protocol ?? 'tcp', labels: { ...(d.labels ?? {}) } };
  if (d.name !== undefined) out.name = d.name;
  return out;
}

function normalizePortMapping(m: PortMappingInput, bridge: boolean): PortMapping {
  const out: PortMapping = {
    containerPort: m.containerPort ?? 0,
    servicePort: m.servicePort ?? 0,
    protocol: m.protocol ?? 'tcp',
    labels: { ...(m.labels ?? {}) },
  };
  const hostPort = m.hostPort ?? (bridge ? 0 : undefined);
  if (hostPort !== undefined) out.hostPort = hostPort;
  if (m.name !== undefined) out.name = m.name;
  if (m.networkNames !== undefined) out.networkNames = [...m.networkNames];
  return out;
}

/** Non-host networking without a container gets an empty Mesos container, as in Marathon. */
function normalizeContainer(c: ContainerInput | undefined, host: boolean, networks: Network[]): Container | undefined {
  const given = c ?? (host ? undefined : { type: 'MESOS' as const });
  if (!given) return undefined;
  const bridge = networks.some((n) => n.mode === 'container/bridge');
  const out: Container = { type: given.type ?? 'DOCKER', volumes: structuredClone(given.volumes ?? []) };
  if (given.docker) {
    const d = given.docker;
    out.docker = {
      ...structuredClone(d),
      forcePullImage: d.forcePullImage ?? false,
      privileged: d.privileged ?? false,
      parameters: structuredClone(d.parameters ?? []),
    };
  }
  if (given.appc) out.appc = structuredClone(given.appc);
  const mappings = given.portMappings ?? (host ? undefined : DEFAULT_PORT_MAPPINGS);
  if (mappings) out.portMappings = mappings.map((m) => normalizePortMapping(m, bridge));
  return out;
}

function upgradeStrategy(app: AppInput, resident: boolean, singleInstance: boolean): UpgradeStrategy {
  const base = resident ? { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 } : singleInstance
    ? { minimumHealthCapacity: 0, maximumOverCapacity: 0 }
    : { minimumHealthCapacity: 1, maximumOverCapacity: 1 };
  return { ...base, ...app.upgradeStrategy };
}

function unreachableStrategy(app: AppInput, resident: boolean): UnreachableStrategy {
  const given = app.unreachableStrategy;
  if (given === 'disabled' || (given === undefined && resident)) return 'disabled';
  return { inactiveAfterSeconds: 0, expungeAfterSeconds: 0, ...given };
}

function residency(app: AppInput): Residency {
  return { relaunchEscalationTimeoutSeconds: 3600, taskLostBehavior: 'WAIT_FOREVER', ...app.residency };
}

function normalizeFetch(f: NonNullable<AppInput['fetch']>[number]): FetchUri {
  return { ...f, extract: f.extract ?? true, executable: f.executable ?? false, cache: f.cache ?? false };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
