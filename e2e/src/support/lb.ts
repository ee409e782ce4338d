import { descendantsOf, freePort, pidAlive, ServiceProcess, startProcess, tempDir, waitFor } from '@strato/testing';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { TestMarathon } from './marathon';

const ROOT = join(__dirname, '..', '..', '..');
const LB_BIN = join(ROOT, 'apps', 'lb', 'bin', 'strato-lb.js');

/** `GET /health` of strato-lb (apps/lb/src/lb.ts `HealthView`). */
export interface LbHealth {
  status: 'ok' | 'degraded';
  marathon: { connected: boolean; lastSyncAt?: number; lastError?: string };
  haproxy: { running: boolean; pid?: number };
  lastApply?: { kind: 'started' | 'none' | 'runtime' | 'reload' | 'deferred' | 'invalid' | 'failed'; detail?: string; commands?: number; retryInMs?: number; at: number };
  lastError?: { message: string; at: number };
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One HTTP request on a fresh connection (no client keep-alive to race HAProxy's idle timeout). */
export function httpGet(port: number, path = '/', host?: string, timeoutMs = 2000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers = host === undefined ? {} : { host };
    const req = httpRequest({ host: '127.0.0.1', port, path, headers, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET :${port}${path} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * `strato-lb` (`apps/lb/bin/strato-lb.js`) as a real process against a TestMarathon, serving group `external`
 * with `--health-check`, fast debounce/reload settings, its own free ports and its work dir in the cluster dir.
 */
export class TestLb {
  readonly process: ServiceProcess;

  private constructor(
    readonly port: number,
    readonly httpFrontendPort: number,
    readonly httpsFrontendPort: number,
    readonly statsPort: number,
    readonly workDir: string,
    marathon: TestMarathon,
  ) {
    const templatesDir = tempDir('strato-e2e-lb-templates-');
    this.process = startProcess('lb', LB_BIN, { // the bin itself: its shebang carries lb's node flags
      args: [
        `--marathon=${marathon.url}`, '--group=external', '--health-check', `--work-dir=${workDir}`,
        `--port=${port}`, `--http-frontend-port=${httpFrontendPort}`, `--https-frontend-port=${httpsFrontendPort}`,
        `--stats-port=${statsPort}`, '--debounce=50ms', '--debounce-max=500ms', '--min-reload-interval=100ms',
        `--templates-dir=${templatesDir}`,
      ],
      logFile: join(marathon.cluster.dir, 'lb.log'),
    });
  }

  static async start(marathon: TestMarathon): Promise<TestLb> {
    const lb = new TestLb(await freePort(), await freePort(), await freePort(), await freePort(), join(marathon.cluster.dir, 'lb'), marathon);
    await lb.process.waitForLog(/lb started/, 20_000);
    await waitFor(async () => ((await lb.health()).status === 'ok' ? true : undefined), { timeoutMs: 10_000, description: 'lb /health to be ok' });
    return lb;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async health(): Promise<LbHealth> {
    return (await (await fetch(`${this.url}/health`)).json()) as LbHealth;
  }

  async metrics(): Promise<Record<string, number>> {
    return (await (await fetch(`${this.url}/metrics`)).json()) as Record<string, number>;
  }

  /** The config HAProxy runs ('' before the first apply). */
  async config(): Promise<string> {
    const res = await fetch(`${this.url}/config`);
    return res.status === 200 ? res.text() : '';
  }

  /** `ip:port` of every enabled server of `backend` in the running config. */
  async servers(backend: string): Promise<string[]> {
    const lines = (await this.config()).split('\n');
    const start = lines.indexOf(`backend ${backend}`);
    if (start === -1) return [];
    const out: string[] = [];
    for (const line of lines.slice(start + 1)) {
      if (!line.startsWith(' ')) break;
      const m = /^\s+server \S+ (\S+)/.exec(line);
      if (m && !/\sdisabled(\s|$)/.test(line)) out.push(m[1]);
    }
    return out.sort();
  }

  /** A request through HAProxy: {status, body}, or throws (refused, reset, timed out). */
  get(port: number, path = '/', host?: string, timeoutMs = 2000): Promise<HttpAnswer> {
    return httpGet(port, path, host, timeoutMs);
  }

  /** Stops lb (SIGTERM) and checks that no HAProxy process it started outlives it. */
  async stop(): Promise<void> {
    const pids = [...descendantsOf(this.process.pid)];
    const code = await this.process.stop(8000);
    await waitFor(() => pids.every((pid) => !pidAlive(pid)), { timeoutMs: 10_000, description: `lb's children ${pids.join(', ')} to exit` });
    if (code !== 0) throw new Error(`lb exited with ${code}\n${this.process.logs.slice(-3000)}`);
  }
}

/** A TestLb for a whole `describe` block, against the Marathon of `useMarathonCluster()` (declare that first). */
export function useLb(env: { marathon: TestMarathon }): { lb: TestLb } {
  const holder = {} as { lb: TestLb };
  beforeAll(async () => {
    holder.lb = await TestLb.start(env.marathon);
  });
  afterAll(async () => {
    await holder.lb?.stop();
  });
  return holder;
}
