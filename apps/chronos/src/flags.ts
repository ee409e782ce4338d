import { parseZkUrl } from '@strato/coordination';
import { flag, FlagSpec, FlagValues, parseFlags, RawFlags } from '@strato/service';
import { hostname as osHostname } from 'node:os';

/** High availability: where the election and the state live (Chronos' `--zk_hosts`/`--zk_path`). */
export interface ChronosZkConfig {
  /** `host:port[,host:port…]`. */
  readonly servers: string;
  /** Root znode: the election under `<path>/candidate`, the state under `<path>/state`. */
  readonly path: string;
  readonly sessionTimeoutMs: number;
}

export interface ChronosConfig {
  /** The master: its gRPC address `host:port`, or `zk://host:port[,…]/path` to follow the elected one. */
  readonly master: string;
  /** Set with `--zk_hosts`: standby until elected, state in ZooKeeper. Unset: standalone, state in `--work_dir`. */
  readonly zk?: ChronosZkConfig;
  readonly httpAddress: string;
  readonly httpPort: number;
  readonly hostname: string;
  readonly workDir: string;
  readonly frameworkName: string;
  readonly mesosRole: string;
  readonly failoverTimeoutMs: number;
  readonly taskCpus: number;
  readonly taskMem: number;
  readonly taskDisk: number;
  readonly user: string;
  readonly failureRetryMs: number;
  readonly disableAfterFailures: number;
  readonly declineOfferDurationMs: number;
  readonly minReviveOffersIntervalMs: number;
  readonly reconciliationIntervalMs: number;
  readonly jobHistoryLimit: number;
  readonly runHistoryLimit: number;
  readonly failureWebhook?: string;
  readonly clusterName: string;
  readonly logLevel: string;
}

/** Chronos' flag names (docs/configuration.md) where Chronos has one, plus `--work_dir` for the standalone store. */
export const CHRONOS_FLAGS: readonly FlagSpec[] = [
  flag('master', "the master's gRPC address host:port, or zk://host:port[,host:port]/path to follow the elected master", undefined, true),
  flag('zk_hosts', 'ZooKeeper servers host:port[,host:port]: run highly available (standby until elected, state in ZooKeeper); unset: standalone'),
  flag('zk_path', 'root znode of the leader election (<zk_path>/candidate) and the state (<zk_path>/state)', '/chronos/state'),
  flag('zk_timeout', 'ZooKeeper session timeout in ms', '10000'),
  flag('http_address', 'address the REST API binds to', '127.0.0.1'),
  flag('http_port', 'REST API port (0 picks a free port)', '4400'),
  flag('hostname', 'hostname advertised to the master and in /leader (default: --http_address, or the host name for 0.0.0.0)'),
  flag('work_dir', 'where jobs, their runs and history and the framework id are persisted', '/tmp/strato/chronos'),
  flag('mesos_framework_name', 'framework name registered with the master', 'chronos'),
  flag('mesos_role', 'role Chronos registers with', '*'),
  flag('failover_timeout', 'seconds the master keeps the tasks while Chronos is away', '604800'),
  flag('mesos_task_cpu', 'cpus of a job that asks for none', '0.1'),
  flag('mesos_task_mem', 'MiB of memory of a job that asks for none', '128'),
  flag('mesos_task_disk', 'MiB of disk of a job that asks for none', '256'),
  flag('user', 'runAsUser of a job that names none', 'root'),
  flag('failure_retry', 'ms between a failed attempt and its retry', '60000'),
  flag('disable_after_failures', 'disable a job after this many failed runs in a row (0: never)', '0'),
  flag('decline_offer_duration', 'ms an unused offer is refused for', '5000'),
  flag('min_revive_offers_interval', 'least ms between two revives of offers (a run that waits with no offer revives them)', '200'),
  flag('reconciliation_interval', 'ms between task reconciliations with the master', '600000'),
  flag('job_history_limit', 'runs shown in taskStatHistory of /scheduler/job/stat', '5'),
  flag('run_history_limit', 'finished runs kept per job (GET /v1/scheduler/job/{name}/runs)', '100'),
  flag('failure_webhook', 'URL that every failed or disabled job is POSTed to (jobs may add their own failureWebhook)'),
  flag('cluster_name', 'prefix of notification subjects', ''),
  flag('log_level', 'trace, debug, info, warn, error or fatal', 'info'),
];

export function toChronosConfig(raw: RawFlags): ChronosConfig {
  const f = new FlagValues(raw);
  const httpAddress = f.text('http_address') ?? '127.0.0.1';
  const webhook = f.text('failure_webhook');
  if (webhook !== undefined && !/^https?:\/\/\S+$/.test(webhook)) throw new Error(`invalid --failure_webhook '${webhook}': must be an http(s) URL`);
  return {
    master: masterFlag(f),
    zk: zkFlags(f),
    httpAddress,
    httpPort: f.port('http_port', '4400'),
    hostname: f.text('hostname') ?? (httpAddress === '0.0.0.0' ? osHostname() : httpAddress),
    workDir: f.text('work_dir') ?? '/tmp/strato/chronos',
    frameworkName: f.text('mesos_framework_name') ?? 'chronos',
    mesosRole: f.text('mesos_role') ?? '*',
    failoverTimeoutMs: f.number('failover_timeout', '604800', -1) * 1000,
    taskCpus: f.number('mesos_task_cpu', '0.1'),
    taskMem: f.number('mesos_task_mem', '128'),
    taskDisk: f.number('mesos_task_disk', '256', -1),
    user: f.text('user') ?? 'root',
    failureRetryMs: f.integer('failure_retry', '60000'),
    disableAfterFailures: f.integer('disable_after_failures', '0'),
    declineOfferDurationMs: f.integer('decline_offer_duration', '5000'),
    minReviveOffersIntervalMs: f.integer('min_revive_offers_interval', '200'),
    reconciliationIntervalMs: f.integer('reconciliation_interval', '600000', 1000),
    jobHistoryLimit: f.integer('job_history_limit', '5', 1),
    runHistoryLimit: f.integer('run_history_limit', '100', 1, 100_000),
    failureWebhook: webhook,
    clusterName: f.text('cluster_name') ?? '',
    logLevel: f.text('log_level') ?? 'info',
  };
}

/** `host:port`, or a `zk://` URL passed through as given (the driver follows it) once it parses. */
function masterFlag(f: FlagValues): string {
  const text = f.text('master')?.trim();
  if (text === undefined || !/^zk:\/\//i.test(text)) return f.hostPort('master');
  try {
    parseZkUrl(text);
  } catch (error) {
    throw new Error(`invalid --master: ${(error as Error).message}`);
  }
  return text;
}

function zkFlags(f: FlagValues): ChronosZkConfig | undefined {
  const hosts = f.text('zk_hosts')?.trim();
  const path = f.text('zk_path') ?? '/chronos/state';
  const sessionTimeoutMs = f.integer('zk_timeout', '10000', 1);
  if (hosts === undefined || hosts === '') return undefined;
  try {
    const url = parseZkUrl(`zk://${hosts}${path.startsWith('/') ? path : `/${path}`}`);
    if (!path.startsWith('/') || url.path === '/') throw new Error(`'${path}' must be an absolute path below /`);
    return { servers: url.servers, path: url.path, sessionTimeoutMs };
  } catch (error) {
    throw new Error(`invalid --zk_hosts/--zk_path: ${(error as Error).message}`);
  }
}

export function parseChronosFlags(argv: readonly string[] = process.argv): ChronosConfig {
  return toChronosConfig(parseFlags('strato-chronos', 'Strato Chronos: scheduled and dependent batch jobs through the Chronos REST API', CHRONOS_FLAGS, argv));
}
