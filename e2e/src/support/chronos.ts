import { freePort, ServiceProcess, startProcess, waitFor } from '@strato/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestCluster } from './cluster';

const ROOT = join(__dirname, '..', '..', '..');
const CHRONOS_BIN = join(ROOT, 'apps', 'chronos', 'bin', 'strato-chronos.js');

/** Fast offers and retries so that runs show within a second or two. */
export const FAST_CHRONOS_FLAGS = ['--failure_retry=500', '--decline_offer_duration=1000', '--min_revive_offers_interval=100'];

export interface JobJson {
  name: string;
  command: string;
  schedule?: string;
  parents?: string[];
  successCount: number;
  errorCount: number;
  lastSuccess: string;
  lastError: string;
  errorsSinceLastSuccess: number;
  disabled: boolean;
  nextRun?: string | null;
  [key: string]: unknown;
}

export interface RunJson {
  taskId: string;
  due: string;
  attempt: number;
  arguments: string;
  state: string;
  launched?: string;
  started?: string;
  ended?: string;
  agentId?: string;
  hostname?: string;
  message?: string;
}

export interface RunsPageJson {
  jobName: string;
  total: number;
  offset: number;
  limit: number;
  runs: RunJson[];
  active: RunJson[];
}

export interface HttpAnswer<T = unknown> {
  status: number;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: T;
  text: string;
  contentType: string;
}

/** A task id `ct:<dueMs>:<attempt>:<name>:<args>`, split. */
export function parseTaskId(taskId: string): { dueMs: number; attempt: number; name: string; args: string } {
  const m = /^ct:(\d+):(\d+):([^:]+):(.*)$/.exec(taskId);
  if (!m) throw new Error(`not a Chronos task id: ${taskId}`);
  return { dueMs: Number(m[1]), attempt: Number(m[2]), name: m[3], args: m[4] };
}

/** Non-empty lines of a file, [] while it does not exist. */
export function linesOf(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  } catch {
    return [];
  }
}

/** Chronos (`apps/chronos/bin/strato-chronos.js`) against a TestCluster, on a fixed port and work dir. */
export class TestChronos {
  process?: ServiceProcess;

  private constructor(
    readonly cluster: TestCluster,
    readonly port: number,
    readonly workDir: string,
    private readonly extraFlags: readonly string[],
  ) {}

  static async start(cluster: TestCluster, options: { workDir?: string; flags?: readonly string[] } = {}): Promise<TestChronos> {
    const c = new TestChronos(cluster, await freePort(), options.workDir ?? join(cluster.dir, 'chronos'), options.flags ?? FAST_CHRONOS_FLAGS);
    await c.startProcess();
    return c;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts (or starts again after `stop`) on the same port and work dir; resolves once registered with the master. */
  async startProcess(): Promise<void> {
    this.process = startProcess('chronos', process.execPath, {
      args: [CHRONOS_BIN, `--master=${this.cluster.masterAddress}`, `--http_port=${this.port}`, `--work_dir=${this.workDir}`, ...this.extraFlags],
      logFile: join(this.cluster.dir, 'chronos.log'),
    });
    await this.process.waitForLog(/chronos started/, 20_000);
    await waitFor(async () => ((await this.request<{ frameworkId: string | null }>('GET', '/health')).body?.frameworkId ? true : undefined), {
      timeoutMs: 20_000,
      description: 'Chronos to register with the master',
    });
  }

  /** SIGTERM (SIGKILL after 8 s); resolves with the exit code. */
  async stop(): Promise<number | null | undefined> {
    return this.process?.stop(8000);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.startProcess();
  }

  /** Any request; `body` is JSON-encoded unless it is a string (sent as is, e.g. malformed JSON). */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<HttpAnswer<T>> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed as T, text, contentType: res.headers.get('content-type') ?? '' };
  }

  /** POST /scheduler/iso8601 (or /dependency when the job has parents); fails the test unless 204. */
  async upsert(job: Record<string, unknown>): Promise<void> {
    const path = job['parents'] ? '/scheduler/dependency' : '/scheduler/iso8601';
    const res = await this.request('POST', path, { cpus: 0.1, mem: 32, ...job });
    if (res.status !== 204) throw new Error(`POST ${path} ${JSON.stringify(job)}: ${res.status} ${res.text}`);
  }

  async jobs(): Promise<JobJson[]> {
    return (await this.request<JobJson[]>('GET', '/scheduler/jobs')).body;
  }

  async job(name: string): Promise<JobJson> {
    const res = await this.request<JobJson>('GET', `/v1/scheduler/job/${encodeURIComponent(name)}`);
    if (res.status !== 200) throw new Error(`GET job ${name}: ${res.status} ${res.text}`);
    return res.body;
  }

  async runs(name: string, limit = 100): Promise<RunsPageJson> {
    const res = await this.request<RunsPageJson>('GET', `/v1/scheduler/job/${encodeURIComponent(name)}/runs?offset=0&limit=${limit}`);
    if (res.status !== 200) throw new Error(`GET runs of ${name}: ${res.status} ${res.text}`);
    return res.body;
  }

  /** Waits until `predicate` holds for the job, and returns it. */
  waitForJob(name: string, predicate: (j: JobJson) => boolean, description: string, timeoutMs = 15_000): Promise<JobJson> {
    let last: JobJson | undefined;
    return waitFor(
      async () => {
        last = await this.job(name);
        return predicate(last) ? last : undefined;
      },
      { timeoutMs, description: `${name}: ${description} (last: ${JSON.stringify(last && { s: last.successCount, e: last.errorCount, sched: last.schedule })})` },
    );
  }

  /** Waits for a run (finished or active) of the job matching `predicate`. */
  waitForRun(name: string, predicate: (r: RunJson) => boolean, description: string, timeoutMs = 15_000): Promise<RunJson> {
    return waitFor(
      async () => {
        const page = await this.runs(name);
        return [...page.active, ...page.runs].find(predicate);
      },
      { timeoutMs, description: `${name}: a run ${description}` },
    );
  }
}

/** A cluster (one agent by default) and Chronos for a whole `describe` block; both stopped in `afterAll`. */
export function useChronosCluster(options: { agents?: number; flags?: readonly string[] } = {}): { cluster: TestCluster; chronos: TestChronos } {
  const env = {} as { cluster: TestCluster; chronos: TestChronos };
  beforeAll(async () => {
    env.cluster = await TestCluster.start({ agents: options.agents ?? 1 });
    env.chronos = await TestChronos.start(env.cluster, { flags: options.flags });
  });
  afterAll(async () => {
    await env.chronos?.stop();
    await env.cluster?.stop();
  });
  return env;
}
