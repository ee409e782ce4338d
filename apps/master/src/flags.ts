import { parseZkUrl, ZkUrl } from '@strato/coordination';
import { getErrorMessage } from '@strato/errors';
import { DEFAULT_MIN_ALLOCATABLE, parseMinAllocatable, ResourceQuantities } from '@strato/resources';
import { flag, FlagSpec, FlagValues, parseFlags } from '@strato/service';
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
  /** `--zk`: stand in the ZooKeeper election there and keep the registry there (HA); absent: standalone. */
  readonly zk?: ZkUrl;
  readonly zkSessionTimeoutMs: number;
  /** With `--zk`: scratch agents a standby re-admits on scratch masters once started (0: no rehearsal). */
  readonly standbyRehearsalAgents: number;
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
  flag('zk', 'ZooKeeper URL for leader election and the registry, e.g. zk://host1:2181,host2:2181/strato/master (default: standalone)'),
  flag('zk_session_timeout', 'ZooKeeper session timeout', '10secs'),
  flag('standby_rehearsal_agents', 'with --zk: a standby rehearses a takeover once started, re-admitting this many scratch agents (10 tasks each) on scratch masters over loopback, so a real takeover runs compiled code (0: off)', '200'),
];

/** `--zk`, checked here so a bad URL stops the master at start with the flag named. */
export function parseZkFlag(text: string | undefined): ZkUrl | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return parseZkUrl(text);
  } catch (error) {
    throw new Error(`--zk: ${getErrorMessage(error)}`);
  }
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
  const f = new FlagValues(parseFlags('strato-master', 'Strato master: tracks agents and frameworks and makes DRF resource offers.', MASTER_FLAGS, argv));
  const ip = f.required('ip');
  const minAllocatable = f.text('min_allocatable_resources');
  return {
    ip,
    port: f.port('port', '5050'),
    grpcPort: f.port('grpc_port', '5060'),
    hostname: f.text('hostname') ?? (ip === '0.0.0.0' ? osHostname() : ip),
    workDir: f.required('work_dir'),
    cluster: f.required('cluster'),
    allocationIntervalMs: f.duration('allocation_interval', '1secs', true),
    agentPingTimeoutMs: f.duration('agent_ping_timeout', '15secs', true),
    maxAgentPingTimeouts: f.integer('max_agent_ping_timeouts', '5', 1),
    agentReregisterTimeoutMs: f.duration('agent_reregister_timeout', '10mins', true),
    offerTimeoutMs: f.text('offer_timeout') !== undefined ? f.duration('offer_timeout', '', true) : undefined,
    frameworkHeartbeatIntervalMs: f.duration('framework_heartbeat_interval', '15secs', true),
    minAllocatable: minAllocatable ? parseMinAllocatable(minAllocatable) : DEFAULT_MIN_ALLOCATABLE,
    roleWeights: parseWeights(f.text('weights')),
    maxCompletedTasks: f.integer('max_completed_tasks_per_framework', '1000'),
    logLevel: f.required('log_level'),
    zk: parseZkFlag(f.text('zk')),
    zkSessionTimeoutMs: f.duration('zk_session_timeout', '10secs', true),
    standbyRehearsalAgents: f.integer('standby_rehearsal_agents', '200', 0),
  };
}
