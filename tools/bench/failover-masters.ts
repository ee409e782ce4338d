// The failover benchmark's masters: real `strato-master` processes in HA mode on one ZooKeeper, each
// on fresh free ports (a restarted master is a new candidate, as under a supervisor), and the checks of
// a leader's `/master/state`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, type ServiceProcess, startProcess } from '@strato/testing';

export interface MasterOptions {
  /** The masters' `--zk` URL. */
  readonly zkUrl: string;
  readonly sessionTimeoutSecs: number;
  /** Work dir: `master-<slot>/` work dirs and `master-<slot>-<generation>.log` logs. */
  readonly dir: string;
  readonly nodeFlags: readonly string[];
  readonly logLevel: string;
  /** The masters' `--standby_rehearsal_agents` (0: standbys don't rehearse a takeover). */
  readonly rehearsalAgents: number;
}

/** One master process; `slot` a or b, `generation` counts its restarts. */
export interface MasterProc {
  readonly slot: string;
  readonly generation: number;
  readonly proc: ServiceProcess;
  readonly url: string;
  /** Its gRPC target as it publishes it in ZooKeeper (`127.0.0.1:<grpc_port>`). */
  readonly target: string;
  readonly label: string;
}

function masterBin(): string {
  // `npm run bench:failover` runs from the repository root; search upwards from there.
  let dir = process.cwd();
  for (let i = 0; i < 8; i++) {
    const bin = join(dir, 'apps', 'master', 'bin', 'strato-master.js');
    if (existsSync(bin)) {
      if (!existsSync(join(dir, 'apps', 'master', 'dist', 'main.js'))) throw new Error(`the master is not built (${bin}); run npm run build`);
      return bin;
    }
    dir = dirname(dir);
  }
  throw new Error('apps/master/bin/strato-master.js not found above the current directory');
}

/**
 * Flags for this test: agents are not judged unreachable while 1,000 streams are served by a busy
 * master (pings every 60 s, 5 misses), and known agents have 10 min to re-register after a failover.
 */
export function masterArgs(o: MasterOptions, slot: string, httpPort: number, grpcPort: number): string[] {
  return [
    `--port=${httpPort}`, `--grpc_port=${grpcPort}`, `--work_dir=${join(o.dir, `master-${slot}`)}`,
    `--zk=${o.zkUrl}`, `--zk_session_timeout=${o.sessionTimeoutSecs}secs`,
    '--agent_reregister_timeout=10mins', '--agent_ping_timeout=60secs', '--max_agent_ping_timeouts=5',
    `--log_level=${o.logLevel}`, `--standby_rehearsal_agents=${o.rehearsalAgents}`,
  ];
}

/** Starts a master and resolves once it serves and stands in the election (`master started`). */
export async function startMaster(o: MasterOptions, slot: string, generation: number): Promise<MasterProc> {
  const httpPort = await freePort();
  const grpcPort = await freePort();
  const proc = startProcess(`master-${slot}`, process.execPath, {
    args: [...o.nodeFlags, masterBin(), ...masterArgs(o, slot, httpPort, grpcPort)],
    logFile: join(o.dir, `master-${slot}-${generation}.log`),
  });
  await proc.waitForLog(/master started/, 30_000);
  return { slot, generation, proc, url: `http://127.0.0.1:${httpPort}`, target: `127.0.0.1:${grpcPort}`, label: `master-${slot}#${generation}` };
}

/**
 * Waits until a standby has rehearsed a takeover (its `takeover rehearsed` line), as a standby that
 * has been up for a while has; resolves with how long the rehearsal took (ms), or undefined when off.
 */
export async function rehearsed(o: MasterOptions, m: MasterProc): Promise<number | undefined> {
  if (o.rehearsalAgents === 0) return undefined;
  const line = await m.proc.waitForLog(/"ms":(\d+)[^\n]*"msg":"takeover rehearsed"/, 60_000);
  return Number(line[1]);
}

/** What `/master/state` says about the agents and tasks. */
export interface StateCheck {
  readonly agents: number;
  readonly activeAgents: number;
  readonly runningTasks: number;
  readonly tasks: number;
  /** Wall-clock ms when this master finished recovering the registry (`elected_time`). */
  readonly electedWallMs?: number;
  readonly bytes: number;
  readonly ms: number;
}

interface StateJson {
  elected_time?: number;
  slaves: { active: boolean }[];
  frameworks: { tasks: { state: string }[] }[];
}

export async function masterState(url: string): Promise<StateCheck> {
  const start = performance.now();
  const res = await fetch(`${url}/master/state`);
  const text = await res.text();
  const ms = performance.now() - start;
  if (res.status !== 200) throw new Error(`GET ${url}/master/state: ${res.status} ${text.slice(0, 300)}`);
  const s = JSON.parse(text) as StateJson;
  const tasks = s.frameworks.flatMap((f) => f.tasks);
  return {
    agents: s.slaves.length,
    activeAgents: s.slaves.filter((a) => a.active).length,
    runningTasks: tasks.filter((t) => t.state === 'TASK_RUNNING').length,
    tasks: tasks.length,
    electedWallMs: s.elected_time !== undefined ? s.elected_time * 1000 : undefined,
    bytes: text.length,
    ms,
  };
}

export const describeState = (s: StateCheck): string =>
  `${s.activeAgents}/${s.agents} agents active, ${s.runningTasks}/${s.tasks} tasks TASK_RUNNING (/master/state ${(s.bytes / 1024 / 1024).toFixed(1)} MiB in ${s.ms.toFixed(0)} ms)`;

/** CPU ms (user + system) a process (or one of its threads) has used so far, from /proc (0 once it is gone). */
export function processCpuMs(pid: number, thread?: number): number {
  try {
    const text = readFileSync(thread !== undefined ? `/proc/${pid}/task/${thread}/stat` : `/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}
