import { parseZkUrl } from '@strato/coordination';
import { flag, FlagSpec, FlagValues, formatDuration, parseFlags, RawFlags } from '@strato/service';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { isZkUrl } from './master-detector';

/** The agent's settings, converted and validated from its flags. */
export interface AgentConfig {
  /** The master's gRPC address `host:port`, or `zk://host:port[,…]/path` to follow the elected one. */
  readonly master: string;
  /** The agent's ZooKeeper session timeout, with a `zk://` master. */
  readonly zkSessionTimeoutMs: number;
  readonly ip: string;
  /** HTTP port; 0 picks a free one. */
  readonly port: number;
  readonly hostname: string;
  readonly workDir: string;
  /** `--resources` as given (Mesos text or JSON); undefined means detect everything. */
  readonly resources?: string;
  readonly attributes?: string;
  readonly defaultRole: string;
  readonly registrationBackoffFactorMs: number;
  readonly defaultKillGracePeriodMs: number;
  readonly statusUpdateRetryIntervalMinMs: number;
  /** Where `cache: true` URIs are kept; `<work_dir>/fetcher_cache` by default. */
  readonly fetcherCacheDir: string;
  /** An HTTP fetch fails when no data arrives for this long. */
  readonly fetcherStallTimeoutMs: number;
  readonly logLevel: string;
}

export const AGENT_FLAGS: readonly FlagSpec[] = [
  flag('master', "the master's gRPC address host:port, or zk://host:port[,host:port]/path (the masters' --zk) to follow the elected master", undefined, true),
  flag('zk_session_timeout', 'ZooKeeper session timeout, with a zk:// --master', '10secs'),
  flag('ip', 'address the HTTP endpoints bind to', '127.0.0.1'),
  flag('port', 'HTTP port (0 picks a free port)', '5051'),
  flag('hostname', 'hostname advertised to the master (default: --ip, or the host name when --ip is 0.0.0.0)'),
  flag('work_dir', 'directory for sandboxes and checkpoints', '/tmp/strato/agent'),
  flag('resources', "total resources, Mesos text ('cpus:4;mem:8192;ports:[31000-32000]') or JSON; names not given are detected"),
  flag('attributes', "attributes, e.g. 'rack:r1;zone:a'"),
  flag('default_role', 'role of resources given or detected without one', '*'),
  flag('registration_backoff_factor', 'first (re)registration delay is random in [0, this]; doubles up to 1mins', '1secs'),
  flag('default_kill_grace_period', 'SIGTERM to SIGKILL delay when neither the kill nor the task sets one', '3secs'),
  flag('status_update_retry_interval_min', 'first resend delay of an unacknowledged status update; doubles up to 10mins', '10secs'),
  flag('fetcher_cache_dir', 'directory of the fetcher cache (default: <work_dir>/fetcher_cache)'),
  flag('fetcher_stall_timeout', 'an HTTP(S) fetch fails when no data arrives for this long', '1mins'),
  flag('log_level', 'trace, debug, info, warn, error or fatal', 'info'),
];

const LOG_LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

/** Reads argv (and `STRATO_<FLAG>` variables); throws an Error naming the bad flag. */
export function parseAgentFlags(argv: readonly string[] = process.argv): AgentConfig {
  const raw = parseFlags('strato-agent', 'Strato agent: runs tasks for the Strato master', AGENT_FLAGS, argv);
  return toAgentConfig(raw);
}

export function toAgentConfig(raw: RawFlags): AgentConfig {
  const f = new FlagValues(raw);
  const ip = f.text('ip') ?? '127.0.0.1';
  const logLevel = f.text('log_level') ?? 'info';
  if (!LOG_LEVELS.has(logLevel)) throw new Error(`invalid --log_level '${logLevel}': expected one of ${[...LOG_LEVELS].join(', ')}`);
  const workDir = f.text('work_dir') ?? '/tmp/strato/agent';
  return {
    master: masterFlag(f),
    zkSessionTimeoutMs: f.duration('zk_session_timeout', '10secs', true),
    ip,
    port: f.port('port', '5051'),
    hostname: f.text('hostname') ?? (ip === '0.0.0.0' ? osHostname() : ip),
    workDir,
    resources: f.text('resources'),
    attributes: f.text('attributes'),
    defaultRole: f.text('default_role') ?? '*',
    registrationBackoffFactorMs: f.duration('registration_backoff_factor', '1secs'),
    defaultKillGracePeriodMs: f.duration('default_kill_grace_period', '3secs'),
    statusUpdateRetryIntervalMinMs: f.duration('status_update_retry_interval_min', '10secs', true),
    fetcherCacheDir: f.text('fetcher_cache_dir') ?? join(workDir, 'fetcher_cache'),
    fetcherStallTimeoutMs: f.duration('fetcher_stall_timeout', '1mins', true),
    logLevel,
  };
}

/** `host:port`, or a `zk://` URL kept as given once it parses. */
function masterFlag(f: FlagValues): string {
  const master = f.required('master');
  if (!isZkUrl(master)) return f.hostPort('master');
  try {
    parseZkUrl(master);
  } catch (error) {
    throw new Error(`invalid --master: ${(error as Error).message}`);
  }
  return master;
}

/** The configuration under its Mesos flag names, as `/flags` and `/state` show it. */
export function configToFlags(c: AgentConfig): Record<string, string> {
  const flags: Record<string, string> = {
    master: c.master,
    zk_session_timeout: formatDuration(c.zkSessionTimeoutMs),
    ip: c.ip,
    port: String(c.port),
    hostname: c.hostname,
    work_dir: c.workDir,
    default_role: c.defaultRole,
    registration_backoff_factor: formatDuration(c.registrationBackoffFactorMs),
    default_kill_grace_period: formatDuration(c.defaultKillGracePeriodMs),
    status_update_retry_interval_min: formatDuration(c.statusUpdateRetryIntervalMinMs),
    fetcher_cache_dir: c.fetcherCacheDir,
    fetcher_stall_timeout: formatDuration(c.fetcherStallTimeoutMs),
    log_level: c.logLevel,
  };
  if (c.resources !== undefined) flags.resources = c.resources;
  if (c.attributes !== undefined) flags.attributes = c.attributes;
  return flags;
}
