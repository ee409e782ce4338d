// The benchmarks' local cluster: a master (100 ms allocation interval), two agents and one framework
// (Marathon or Chronos), all child processes on free ports in a work dir, and their shutdown.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { descendantsOf, freePort, pidAlive, ServiceProcess, startProcess } from '@strato/testing';
import { poll } from './bench-utils';

/** The framework a benchmark runs on the cluster. */
export interface FrameworkSpec {
  /** The app under `apps/`, started as `apps/<app>/bin/strato-<app>.js`; its log says `<app> started`. */
  readonly app: 'marathon' | 'chronos';
  /** How logs and CPU accounting name it. */
  readonly label: string;
  /** Flags besides `--master`, `--http_port` and `--work_dir`. */
  readonly args: readonly string[];
  /** A GET answering JSON with `frameworkId`, `null` until the framework registered (`/v2/info`, `/health`). */
  readonly registeredPath: string;
}

export interface ClusterOptions {
  /** Work dir: every service's work dir and log (`master.log`, `agent-0.log`, `<app>.log`). */
  readonly dir: string;
  /** Node flags for every service (e.g. `--cpu-prof`). */
  readonly nodeFlags: readonly string[];
  /** Each agent's `--resources`, or one per agent (e.g. disjoint port ranges: both agents run on this host). */
  readonly agentResources: string | readonly [string, string];
  readonly framework: FrameworkSpec;
}

/** The processes started so far: filled in while the cluster starts, so a failed start still stops all. */
export interface Cluster {
  master?: ServiceProcess;
  agents: { proc: ServiceProcess; port: number }[];
  framework?: ServiceProcess;
  masterUrl?: string;
  frameworkUrl?: string;
}

function findRoot(): string {
  // `npm run bench:<name>` runs from the repository root; search upwards from there.
  let dir = process.cwd();
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'apps', 'master', 'bin', 'strato-master.js'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

const bin = (root: string, app: string) => join(root, 'apps', app, 'bin', `strato-${app}.js`);

/** Starts the master, two agents and the framework, each once the one before is up; resolves once the framework registered. */
export async function startCluster(c: Cluster, options: ClusterOptions): Promise<{ frameworkUrl: string; masterUrl: string }> {
  const { dir, nodeFlags, framework } = options;
  const root = findRoot();
  const BIN = { master: bin(root, 'master'), agent: bin(root, 'agent'), [framework.app]: bin(root, framework.app) };
  for (const [name, path] of Object.entries(BIN)) {
    if (!existsSync(join(dirname(path), '..', 'dist', 'main.js'))) throw new Error(`${name} is not built (${path}); run npm run build`);
  }
  const httpPort = await freePort();
  const grpcPort = await freePort();
  c.master = startProcess('master', process.execPath, {
    args: [...nodeFlags, BIN.master, `--port=${httpPort}`, `--grpc_port=${grpcPort}`, `--work_dir=${join(dir, 'master')}`, '--allocation_interval=100ms'],
    logFile: join(dir, 'master.log'),
  });
  await c.master.waitForLog(/master started/);
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const proc = startProcess(`agent-${i}`, process.execPath, {
      args: [
        ...nodeFlags, BIN.agent, `--master=127.0.0.1:${grpcPort}`, `--port=${port}`, `--work_dir=${join(dir, `agent-${i}`)}`, `--resources=${typeof options.agentResources === 'string' ? options.agentResources : options.agentResources[i]}`,
        '--registration_backoff_factor=100ms', `--attributes=index:${i}`,
      ],
      logFile: join(dir, `agent-${i}.log`),
    });
    c.agents.push({ proc, port });
  }
  const masterUrl = `http://127.0.0.1:${httpPort}`;
  await poll(async () => {
    const s = (await (await fetch(`${masterUrl}/master/state`)).json()) as { slaves: { active: boolean }[] };
    return s.slaves.filter((a) => a.active).length >= 2;
  }, 20_000, '2 active agents');
  const port = await freePort();
  c.framework = startProcess(framework.app, process.execPath, {
    args: [...nodeFlags, BIN[framework.app], `--master=127.0.0.1:${grpcPort}`, `--http_port=${port}`, `--work_dir=${join(dir, framework.app)}`, ...framework.args],
    logFile: join(dir, `${framework.app}.log`),
  });
  await c.framework.waitForLog(new RegExp(`${framework.app} started`), 20_000);
  const frameworkUrl = `http://127.0.0.1:${port}`;
  const registered = async () => ((await (await fetch(`${frameworkUrl}${framework.registeredPath}`)).json()) as { frameworkId: string | null }).frameworkId !== null;
  await poll(registered, 20_000, `${framework.label} to register`);
  c.masterUrl = masterUrl;
  c.frameworkUrl = frameworkUrl;
  return { frameworkUrl, masterUrl };
}

/** SIGTERM the framework, the agents (which kill their tasks) and the master, SIGKILL after a grace; then SIGKILL any task left. */
export async function stopCluster(c: Cluster, label: string, log: (msg: string) => void): Promise<void> {
  const tasks = c.agents.flatMap((a) => (a.proc.alive ? descendantsOf(a.proc.pid) : []));
  log(`cleanup: stopping ${label}, ${c.agents.length} agents (${tasks.length} task processes) and the master`);
  await c.framework?.stop(8_000);
  await Promise.all(c.agents.map((a) => a.proc.stop(20_000)));
  await c.master?.stop(5_000);
  const left = tasks.filter(pidAlive);
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  log(`cleanup: done${left.length ? ` (SIGKILLed ${left.length} task processes the agents left behind)` : ''}`);
}

/** The services' pids, labelled (the framework as `label`), for CPU accounting. */
export function servicePids(c: Cluster, label: string): Record<string, number> {
  const pids: Record<string, number> = {};
  if (c.master) pids.master = c.master.pid;
  c.agents.forEach((a, i) => (pids[`agent-${i}`] = a.proc.pid));
  if (c.framework) pids[label] = c.framework.pid;
  return pids;
}
