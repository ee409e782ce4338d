import { parseZkUrl, ZkUrl } from '@strato/coordination';
import { flag, FlagSpec, FlagValues, parseFlags, RawFlags } from '@strato/service';
import { hostname as osHostname } from 'node:os';

/** `--zk`, parsed: `url` is the normalised `zk://servers/path` (credentials are refused, so none to hide). */
export interface MarathonZk extends ZkUrl {
  readonly url: string;
}

export interface MarathonConfig {
  /** The master's gRPC address, `host:port`, or `zk://host:port[,…]/path` to follow the leading master. */
  readonly master: string;
  /** `--zk`: with it, this instance stands in a leader election and keeps its state in ZooKeeper (HA). */
  readonly zk?: MarathonZk;
  /** `--zk_session_timeout` in ms. */
  readonly zkSessionTimeoutMs: number;
  readonly httpAddress: string;
  readonly httpPort: number;
  readonly hostname: string;
  readonly workDir: string;
  readonly frameworkName: string;
  readonly mesosRole: string;
  readonly failoverTimeoutMs: number;
  readonly localPortMin: number;
  readonly localPortMax: number;
  readonly declineOfferDurationMs: number;
  readonly maxRunningDeployments: number;
  readonly maxInstancesPerOffer: number;
  readonly killChunkSize: number;
  readonly killRetryTimeoutMs: number;
  readonly taskLaunchTimeoutMs: number;
  readonly minReviveOffersIntervalMs: number;
  readonly zkMaxVersions: number;
  readonly eventStreamMaxOutstandingMessages: number;
  readonly reconciliationIntervalMs: number;
  readonly logLevel: string;
}

/** Marathon's flag names (docs/command-line-flags), plus `--work_dir` for the standalone store. */
export const MARATHON_FLAGS: readonly FlagSpec[] = [
  flag('master', "the master's gRPC address host:port, or zk://host:port[,host:port…]/path to follow the leading master", undefined, true),
  flag('zk', 'zk://host:port[,host:port…]/path: HA with leader election and state in ZooKeeper (none: standalone, state in --work_dir)'),
  flag('zk_session_timeout', 'ZooKeeper session timeout in ms (or a duration such as 10secs)', '10000'),
  flag('http_address', 'address the REST API binds to', '127.0.0.1'),
  flag('http_port', 'REST API port (0 picks a free port)', '8080'),
  flag('hostname', 'hostname advertised to the master and in /v2/info (default: --http_address, or the host name for 0.0.0.0)'),
  flag('work_dir', 'where apps, groups, deployments, instances and the framework id are persisted', '/tmp/strato/marathon'),
  flag('framework_name', 'framework name registered with the master', 'marathon'),
  flag('mesos_role', 'role Marathon registers with', '*'),
  flag('failover_timeout', 'seconds the master keeps the tasks while Marathon is away', '604800'),
  flag('local_port_min', 'lowest service port Marathon assigns', '10000'),
  flag('local_port_max', 'highest service port Marathon assigns', '20000'),
  flag('decline_offer_duration', 'ms an unused offer is refused for', '120000'),
  flag('max_running_deployments', 'more concurrent deployments are refused with 403', '100'),
  flag('max_instances_per_offer', 'instances launched from one offer at most', '100'),
  flag('kill_chunk_size', 'kills in flight at most; more wait until earlier killed tasks end', '100'),
  flag('kill_retry_timeout', 'ms after which a kill of a task that has not ended is sent again', '30000'),
  flag('task_launch_timeout', 'ms a task may take from staging to TASK_RUNNING before it is killed and replaced', '300000'),
  flag('min_revive_offers_interval', 'least ms between two revives of offers', '5000'),
  flag('zk_max_versions', 'app versions kept per app', '50'),
  flag('event_stream_max_outstanding_messages', 'events buffered per SSE client before it is dropped', '1024'),
  flag('reconciliation_interval', 'ms between task reconciliations with the master', '600000'),
  flag('log_level', 'trace, debug, info, warn, error or fatal', 'info'),
];

export function toMarathonConfig(raw: RawFlags): MarathonConfig {
  const f = new FlagValues(raw);
  const httpAddress = f.text('http_address') ?? '127.0.0.1';
  const localPortMin = f.port('local_port_min', '10000');
  const localPortMax = f.port('local_port_max', '20000');
  if (localPortMax < localPortMin) throw new Error('invalid --local_port_max: must not be below --local_port_min');
  return {
    master: masterFlag(f),
    zk: zkFlag(f),
    zkSessionTimeoutMs: sessionTimeout(f),
    httpAddress,
    httpPort: f.port('http_port', '8080'),
    hostname: f.text('hostname') ?? (httpAddress === '0.0.0.0' ? osHostname() : httpAddress),
    workDir: f.text('work_dir') ?? '/tmp/strato/marathon',
    frameworkName: f.text('framework_name') ?? 'marathon',
    mesosRole: f.text('mesos_role') ?? '*',
    failoverTimeoutMs: f.number('failover_timeout', '604800', -1) * 1000,
    localPortMin,
    localPortMax,
    declineOfferDurationMs: f.integer('decline_offer_duration', '120000'),
    maxRunningDeployments: f.integer('max_running_deployments', '100', 1),
    maxInstancesPerOffer: f.integer('max_instances_per_offer', '100', 1),
    killChunkSize: f.integer('kill_chunk_size', '100', 1),
    killRetryTimeoutMs: f.integer('kill_retry_timeout', '30000', 1),
    taskLaunchTimeoutMs: f.integer('task_launch_timeout', '300000', 1),
    minReviveOffersIntervalMs: f.integer('min_revive_offers_interval', '5000'),
    zkMaxVersions: f.integer('zk_max_versions', '50', 1),
    eventStreamMaxOutstandingMessages: f.integer('event_stream_max_outstanding_messages', '1024', 1),
    reconciliationIntervalMs: f.integer('reconciliation_interval', '600000', 1000),
    logLevel: f.text('log_level') ?? 'info',
  };
}

/** `host:port`, or a `zk://` URL that the driver follows (validated here so a typo fails at start). */
function masterFlag(f: FlagValues): string {
  const master = f.required('master');
  if (!master.startsWith('zk://')) return f.hostPort('master');
  zkUrl('master', master);
  return master;
}

function zkFlag(f: FlagValues): MarathonZk | undefined {
  const text = f.text('zk');
  if (text === undefined) return undefined;
  const { servers, path } = zkUrl('zk', text);
  if (path === '/') throw new Error(`invalid --zk '${text}': it needs a path below / (e.g. zk://${servers}/marathon)`);
  return { servers, path, url: `zk://${servers}${path}` };
}

function zkUrl(name: string, text: string): ZkUrl {
  try {
    return parseZkUrl(text);
  } catch (error) {
    throw new Error(`invalid --${name}: ${(error as Error).message}`);
  }
}

/** Milliseconds as Marathon takes it; a Mesos-style duration (`10secs`) is accepted too. */
function sessionTimeout(f: FlagValues): number {
  const text = f.text('zk_session_timeout') ?? '10000';
  return /^\d+$/.test(text) ? f.integer('zk_session_timeout', '10000', 1) : f.duration('zk_session_timeout', '10000', true);
}

export function parseMarathonFlags(argv: readonly string[] = process.argv): MarathonConfig {
  return toMarathonConfig(parseFlags('strato-marathon', 'Strato Marathon: long-running apps through the Marathon v2 REST API', MARATHON_FLAGS, argv));
}
