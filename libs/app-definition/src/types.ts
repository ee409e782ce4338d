/**
 * The normalized app definition: every field Marathon defaults is present, deprecated spellings are converted
 * (`ports` → `portDefinitions`, `uris` → `fetch`, `ipAddress` / `container.docker.network` → `networks`,
 * `container.docker.portMappings` → `container.portMappings`), ids are absolute.
 */

export type Protocol = 'tcp' | 'udp' | 'udp,tcp';
export type EnvValue = string | { secret: string };
export type NetworkMode = 'host' | 'container' | 'container/bridge';
export type HealthCheckProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'COMMAND' | 'MESOS_HTTP' | 'MESOS_HTTPS' | 'MESOS_TCP';
export type KillSelection = 'YOUNGEST_FIRST' | 'OLDEST_FIRST';

export interface PortDefinition {
  /** 0 = Marathon picks a service port; otherwise the service port (or the host port with requirePorts). */
  port: number;
  protocol: Protocol;
  name?: string;
  labels: Record<string, string>;
}

export interface PortMapping {
  containerPort: number;
  /** Absent in container mode means "no host port"; bridge mode defaults it to 0 (dynamic). */
  hostPort?: number;
  servicePort: number;
  protocol: Protocol;
  name?: string;
  labels: Record<string, string>;
  networkNames?: string[];
}

export interface Network {
  mode: NetworkMode;
  name?: string;
  labels?: Record<string, string>;
}

export interface DockerSpec {
  image: string;
  forcePullImage: boolean;
  privileged: boolean;
  parameters: { key: string; value: string }[];
  credential?: { principal: string; secret?: string };
  pullConfig?: { secret: string };
}

export interface AppcSpec {
  image: string;
  id?: string;
  labels?: Record<string, string>;
  forcePullImage?: boolean;
}

export interface Volume {
  containerPath?: string;
  hostPath?: string;
  mode?: 'RO' | 'RW';
  persistent?: {
    type?: 'root' | 'path' | 'mount';
    size: number;
    maxSize?: number;
    profileName?: string;
    constraints?: string[][];
  };
  external?: { size?: number; name?: string; provider?: string; options?: Record<string, unknown> };
}

export interface Container {
  type: 'DOCKER' | 'MESOS';
  docker?: DockerSpec;
  appc?: AppcSpec;
  portMappings?: PortMapping[];
  volumes: Volume[];
}

/** Fields by protocol: port ones for all but COMMAND, `path` for *HTTP*, `ignoreHttp1xx` for HTTP/HTTPS. */
export interface HealthCheck {
  protocol: HealthCheckProtocol;
  gracePeriodSeconds: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  maxConsecutiveFailures: number;
  delaySeconds: number;
  path?: string;
  portIndex?: number;
  port?: number;
  ignoreHttp1xx?: boolean;
  ipProtocol?: 'IPv4' | 'IPv6';
  command?: { value: string };
}

export interface ReadinessCheck {
  name: string;
  protocol: 'HTTP' | 'HTTPS';
  path: string;
  portName: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  httpStatusCodesForReady: number[];
  preserveLastResponse: boolean;
}

/** A Mesos check (informational only): exactly one of http / tcp / exec. */
export interface AppCheck {
  http?: { portIndex?: number; path?: string; scheme?: 'HTTP' | 'HTTPS' };
  tcp?: { portIndex?: number };
  exec?: { command: { shell: string } | { argv: string[] } };
  intervalSeconds: number;
  timeoutSeconds: number;
  delaySeconds: number;
}

export interface FetchUri {
  uri: string;
  extract: boolean;
  executable: boolean;
  cache: boolean;
  destPath?: string;
}

export interface UpgradeStrategy {
  minimumHealthCapacity: number;
  maximumOverCapacity: number;
}

export type UnreachableStrategy = 'disabled' | { inactiveAfterSeconds: number; expungeAfterSeconds: number };

export interface VersionInfo {
  lastScalingAt: string;
  lastConfigChangeAt: string;
}

export interface Residency {
  relaunchEscalationTimeoutSeconds: number;
  taskLostBehavior: 'WAIT_FOREVER' | 'RELAUNCH_AFTER_TIMEOUT';
}

export type ResourceLimit = number | 'unlimited';

export interface AppDefinition {
  id: string;
  cmd?: string;
  args?: string[];
  user?: string;
  env: Record<string, EnvValue>;
  secrets: Record<string, { source: string }>;
  instances: number;
  cpus: number;
  mem: number;
  disk: number;
  gpus: number;
  resourceLimits?: { cpus?: ResourceLimit; mem?: ResourceLimit };
  executor: string;
  executorResources?: { cpus?: number; mem?: number; disk?: number };
  /** Tuples `[field, OPERATOR, value?]`, operator upper-cased (parse with `@strato/placement`). */
  constraints: string[][];
  acceptedResourceRoles?: string[];
  role?: string;
  portDefinitions: PortDefinition[];
  requirePorts: boolean;
  networks: Network[];
  container?: Container;
  healthChecks: HealthCheck[];
  check?: AppCheck;
  readinessChecks: ReadinessCheck[];
  dependencies: string[];
  upgradeStrategy: UpgradeStrategy;
  backoffSeconds: number;
  backoffFactor: number;
  maxLaunchDelaySeconds: number;
  killSelection: KillSelection;
  unreachableStrategy: UnreachableStrategy;
  taskKillGracePeriodSeconds?: number;
  fetch: FetchUri[];
  labels: Record<string, string>;
  residency?: Residency;
  tty?: boolean;
  /** ISO-8601 timestamp of this definition. */
  version: string;
  versionInfo: VersionInfo;
}
