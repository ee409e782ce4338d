import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './ports';
import { ServiceProcess, startProcess } from './process';
import { tempDir } from './temp';
import { waitFor } from './wait';

const CLASSPATH = '/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar';
const MAIN_CLASS = 'org.apache.zookeeper.server.ZooKeeperServerMain';

export interface ZooKeeperOptions {
  /** Milliseconds to wait for `ruok` → `imok` after a start (default 30 s: the JVM is slow on a busy machine). */
  readonly startTimeoutMs?: number;
  /** The server's tickTime (default 500 ms, so sessions of 1–2 s are allowed). */
  readonly tickTimeMs?: number;
}

/**
 * A real single-node ZooKeeper (Debian's `zookeeper.jar`) on 127.0.0.1 and a free port, with its data
 * in a temporary directory. Stop it in `afterAll`.
 */
export class TestZooKeeper {
  private process?: ServiceProcess;

  constructor(
    readonly port: number,
    readonly dir: string,
    private readonly options: ZooKeeperOptions,
  ) {}

  /** `127.0.0.1:<port>`, for a client's connect string. */
  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** The server's pid (-1 when stopped). */
  get pid(): number {
    return this.process?.alive ? this.process.pid : -1;
  }

  get running(): boolean {
    return this.process?.alive ?? false;
  }

  /** The server's output so far (for failure messages). */
  get logs(): string {
    return this.process?.logs ?? '';
  }

  /** `zk://127.0.0.1:<port>/<path>`. */
  url(path = '/'): string {
    return `zk://${this.connectString}/${path.replace(/^\/+/, '')}`;
  }

  /** Starts the server and resolves once it answers `ruok` with `imok` and `srvr` with its mode (it serves clients). */
  async start(): Promise<void> {
    if (this.running) throw new Error(`ZooKeeper on port ${this.port} is already running`);
    mkdirSync(this.dataDir, { recursive: true });
    const config = join(this.dir, 'zoo.cfg');
    writeFileSync(
      config,
      [
        `tickTime=${this.options.tickTimeMs ?? 500}`,
        `dataDir=${this.dataDir}`,
        `clientPort=${this.port}`,
        'clientPortAddress=127.0.0.1',
        'admin.enableServer=false',
        '4lw.commands.whitelist=ruok,srvr,stat,mntr,cons',
        'minSessionTimeout=1000',
        'maxSessionTimeout=30000',
        // Every client of a local cluster connects from 127.0.0.1: no per-address cap (default 60).
        'maxClientCnxns=0',
        '',
      ].join('\n'),
    );
    const server = startProcess(`zookeeper:${this.port}`, 'java', {
      args: ['-Xmx256m', '-cp', CLASSPATH, MAIN_CLASS, config],
      logFile: join(this.dir, 'zookeeper.log'),
    });
    this.process = server;
    const timeoutMs = this.options.startTimeoutMs ?? 30_000;
    await waitFor(
      async () => {
        if (!server.alive) throw new Error(`the server exited with ${server.child.exitCode ?? server.child.signalCode}:\n${server.logs.slice(-3000)}`);
        // `imok` only says the process is up; `srvr` says it serves requests (its database is loaded).
        return (await fourLetterWord(this.port, 'ruok', 1_000)) === 'imok' && /Mode: /.test(await fourLetterWord(this.port, 'srvr', 1_000));
      },
      { timeoutMs, intervalMs: 50, description: `ZooKeeper on port ${this.port} to answer ruok` },
    ).catch(async (error: Error) => {
      await server.stop(2_000);
      throw error;
    });
  }

  /** Stops the server (SIGTERM, then SIGKILL). Safe to call when it is not running. */
  async stop(): Promise<void> {
    await this.process?.stop(3_000);
  }

  /** Stops and starts the server on the same port; `wipe` empties its data first (every session is lost). */
  async restart(options: { wipe?: boolean } = {}): Promise<void> {
    await this.stop();
    if (options.wipe) rmSync(this.dataDir, { recursive: true, force: true });
    await this.start();
  }

  /** Sends a four-letter word (`ruok`, `srvr`, `cons`, …) and returns the answer. */
  command(word: string): Promise<string> {
    return fourLetterWord(this.port, word, 2_000);
  }
}

/** Starts a fresh ZooKeeper server; see `TestZooKeeper`. */
export async function startZooKeeper(options: ZooKeeperOptions = {}): Promise<TestZooKeeper> {
  const zk = new TestZooKeeper(await freePort(), tempDir('strato-zk-'), options);
  await zk.start();
  return zk;
}

function fourLetterWord(port: number, word: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer to ${word} within ${timeoutMs} ms`)));
    socket.on('connect', () => socket.end(word));
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}
