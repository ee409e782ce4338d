import { DEFAULT_MIN_ALLOCATABLE, parseMinAllocatable, ResourceQuantities } from '@strato/resources';
import { flag, FlagSpec, parseDuration, parseFlags } from '@strato/service';
import { hostname as osHostname } from 'node:os';

export interface MasterConfig {
  readonly ip: string;
  readonly port: number;
  readonly grpcPort: number;
  readonly hostname: string;
  readonly workDir: string;
  readonly cluster: string;
  readonly allocationIntervalMs: number;
  readonly agentPingTimeoutMs: number;
  readonly maxAgentPingTimeouts: number;
  readonly agentReregisterTimeoutMs: number;
  readonly offerTimeoutMs?: number;
  readonly frameworkHeartbeatIntervalMs: number;
  readonly minAllocatable: readonly ResourceQuantities[];
  readonly roleWeights: ReadonlyMap<string, number>;
  readonly maxCompletedTasks: number;
  readonly logLevel: string;
}

export const MASTER_FLAGS: readonly FlagSpec[] = [
  flag('ip', 'IP address to listen on for HTTP and gRPC', '127.0.0.1'),
  flag('port', 'HTTP port (web UI, /master/state, /metrics/snapshot, /health)', '5050'),
  flag('grpc_port', 'gRPC port for agents and frameworks', '5060'),
  flag('hostname', 'hostname the master advertises (default: --ip, or the system hostname for 0.0.0.0)'),
  flag('work_dir', 'where the registry of agents and frameworks is persisted', '/tmp/strato/master'),
  flag('cluster', 'human readable name of the cluster', 'strato'),
  flag('allocation_interval', 'time between batch allocations', '1secs'),
  flag('agent_ping_timeout', 'time to wait for an agent to answer a ping', '15secs'),
  flag('max_agent_ping_timeouts', 'missed pings before an agent is unreachable', '5'),
  flag('agent_reregister_timeout', 'time after a master restart for known agents to re-register', '10mins'),
  flag('offer_timeout', 'rescind offers held longer than this (default: never)'),
  flag('framework_heartbeat_interval', 'interval of HEARTBEAT events to frameworks', '15secs'),
  flag('min_allocatable_resources', 'smallest offer, alternatives separated by |', 'cpus:0.01|mem:32'),
  flag('weights', 'role weights, e.g. web=2,batch=0.5'),
  flag('max_completed_tasks_per_framework', 'completed tasks kept in memory per framework', '1000'),
  flag('log_level', 'log level (debug, info, warn, error)', 'info'),
];

function positiveInt(name: string, text: string, min = 0): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got '${text}'`);
  return n;
}

export function parseWeights(text: string | undefined): Map<string, number> {
  const weights = new Map<string, number>();
  for (const part of (text ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [role, value] = part.split('=');
    const weight = Number(value);
    if (!role || !(weight > 0)) throw new Error(`--weights: invalid entry '${part}', expected role=weight with weight > 0`);
    weights.set(role, weight);
  }
  return weights;
}

export function masterConfig(argv: readonly string[] = process.argv): MasterConfig {
  const o = parseFlags('strato-master', 'Strato master: tracks agents and frameworks and makes DRF resource offers.', MASTER_FLAGS, argv);
  const str = (k: string) => o[k] as string | undefined;
  const ip = str('ip')!;
  return {
    ip,
    port: positiveInt('port', str('port')!),
    grpcPort: positiveInt('grpc_port', str('grpc_port')!),
    hostname: str('hostname') ?? (ip === '0.0.0.0' ? osHostname() : ip),
    workDir: str('work_dir')!,
    cluster: str('cluster')!,
    allocationIntervalMs: parseDuration(str('allocation_interval')!),
    agentPingTimeoutMs: parseDuration(str('agent_ping_timeout')!),
    maxAgentPingTimeouts: positiveInt('max_agent_ping_timeouts', str('max_agent_ping_timeouts')!, 1),
    agentReregisterTimeoutMs: parseDuration(str('agent_reregister_timeout')!),
    offerTimeoutMs: str('offer_timeout') ? parseDuration(str('offer_timeout')!) : undefined,
    frameworkHeartbeatIntervalMs: parseDuration(str('framework_heartbeat_interval')!),
    minAllocatable: str('min_allocatable_resources') ? parseMinAllocatable(str('min_allocatable_resources')!) : DEFAULT_MIN_ALLOCATABLE,
    roleWeights: parseWeights(str('weights')),
    maxCompletedTasks: positiveInt('max_completed_tasks_per_framework', str('max_completed_tasks_per_framework')!),
    logLevel: str('log_level')!,
  };
}
