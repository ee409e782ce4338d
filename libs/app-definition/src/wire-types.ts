import type {
  AppCheck,
  AppcSpec,
  EnvValue,
  HealthCheckProtocol,
  KillSelection,
  NetworkMode,
  Protocol,
  ResourceLimit,
  Residency,
  UnreachableStrategy,
  Volume,
} from './types';

/**
 * An app definition as the REST API receives it, once `schema.ts` has accepted it (nulls already removed):
 * every field optional but `id`, deprecated spellings allowed.
 */

export interface PortDefinitionInput {
  port?: number;
  protocol?: Protocol;
  name?: string;
  labels?: Record<string, string>;
}

export interface PortMappingInput {
  containerPort?: number;
  hostPort?: number;
  servicePort?: number;
  protocol?: Protocol;
  name?: string;
  labels?: Record<string, string>;
  networkNames?: string[];
}

export type DockerNetworkType = 'BRIDGE' | 'HOST' | 'NONE' | 'USER';

export interface ContainerInput {
  type?: 'DOCKER' | 'MESOS';
  docker?: {
    image: string;
    forcePullImage?: boolean;
    privileged?: boolean;
    parameters?: { key: string; value: string }[];
    credential?: { principal: string; secret?: string };
    pullConfig?: { secret: string };
    network?: DockerNetworkType;
    portMappings?: PortMappingInput[];
  };
  appc?: AppcSpec;
  portMappings?: PortMappingInput[];
  volumes?: Volume[];
}

export interface HealthCheckInput {
  protocol?: HealthCheckProtocol;
  gracePeriodSeconds?: number;
  intervalSeconds?: number;
  timeoutSeconds?: number;
  maxConsecutiveFailures?: number;
  delaySeconds?: number;
  path?: string;
  portIndex?: number;
  port?: number;
  ignoreHttp1xx?: boolean;
  ipProtocol?: 'IPv4' | 'IPv6';
  command?: { value: string };
}

export interface ReadinessCheckInput {
  name?: string;
  protocol?: 'HTTP' | 'HTTPS';
  path?: string;
  portName?: string;
  intervalSeconds?: number;
  timeoutSeconds?: number;
  httpStatusCodesForReady?: number[];
  preserveLastResponse?: boolean;
}

export interface IpAddressInput {
  networkName?: string;
  groups?: string[];
  labels?: Record<string, string>;
  discovery?: { ports?: { number?: number; name?: string; protocol?: 'tcp' | 'udp'; labels?: Record<string, string> }[] };
}

export interface FetchInput {
  uri: string;
  extract?: boolean;
  executable?: boolean;
  cache?: boolean;
  destPath?: string;
}

export interface AppInput {
  id: string;
  cmd?: string;
  args?: string[];
  user?: string;
  env?: Record<string, EnvValue>;
  secrets?: Record<string, { source: string }>;
  instances?: number;
  cpus?: number;
  mem?: number;
  disk?: number;
  gpus?: number;
  resourceLimits?: { cpus?: ResourceLimit; mem?: ResourceLimit };
  executor?: string;
  executorResources?: { cpus?: number; mem?: number; disk?: number };
  constraints?: string[][];
  acceptedResourceRoles?: string[];
  role?: string;
  ports?: number[];
  portDefinitions?: PortDefinitionInput[];
  requirePorts?: boolean;
  networks?: { mode?: NetworkMode; name?: string; labels?: Record<string, string> }[];
  ipAddress?: IpAddressInput;
  container?: ContainerInput;
  healthChecks?: HealthCheckInput[];
  check?: Partial<AppCheck>;
  readinessChecks?: ReadinessCheckInput[];
  dependencies?: string[];
  upgradeStrategy?: { minimumHealthCapacity?: number; maximumOverCapacity?: number };
  backoffSeconds?: number;
  backoffFactor?: number;
  maxLaunchDelaySeconds?: number;
  killSelection?: KillSelection;
  unreachableStrategy?: UnreachableStrategy | { inactiveAfterSeconds?: number; expungeAfterSeconds?: number };
  taskKillGracePeriodSeconds?: number;
  fetch?: FetchInput[];
  uris?: string[];
  labels?: Record<string, string>;
  residency?: Partial<Residency>;
  tty?: boolean;
  version?: string;
  versionInfo?: { lastScalingAt?: string; lastConfigChangeAt?: string };
}
