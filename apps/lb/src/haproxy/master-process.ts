import type { Logger } from '@strato/service';
import { ChildProcess, spawn } from 'node:child_process';
import { forgetPid, recordPid, stopLeftover } from './leftover';
import { ProcList, parseShowProc, socketCommand } from './socket-cli';

export interface MasterOptions {
  readonly bin: string;
  readonly configPath: string;
  /** The master CLI (`-S`): `show proc` tells when a reload has a new worker. */
  readonly masterSocket: string;
  /** Where the master's pid is kept while it runs, so a strato-lb started after a crash stops the one left over. */
  readonly pidFile?: string;
  readonly logger?: Logger;
  readonly timeoutMs?: number;
}

const POLL_MS = 20;
const OUTPUT_LINES = 40;

/**
 * HAProxy in master-worker mode as our child (`-W -db`: foreground, so it dies with a process group stop and
 * we see its exit). A reload is SIGUSR2 to the master, which re-executes itself and hands the listening
 * sockets to the new worker, so no connection is refused during it.
 */
export class HaproxyMaster {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private output: string[] = [];
  private knownWorkers = new Set<number>();

  constructor(private readonly options: MasterOptions) {}

  running(): boolean {
    return this.child !== undefined;
  }

  pid(): number | undefined {
    return this.child?.pid;
  }

  workers(): number[] {
    return [...this.knownWorkers];
  }

  async start(): Promise<void> {
    if (this.child) return;
    const { bin, configPath, masterSocket, pidFile, logger } = this.options;
    if (pidFile) await stopLeftover(pidFile, configPath, logger);
    const child = spawn(bin, ['-W', '-db', '-f', configPath, '-S', masterSocket], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    if (pidFile) recordPid(pidFile, child.pid);
    this.output = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter((l) => l.trim() !== '')) {
        this.output.push(line);
        if (this.output.length > OUTPUT_LINES) this.output.shift();
        logger?.info({ haproxy: line }, 'haproxy');
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => {
      const gone = () => {
        if (this.child === child) this.child = undefined;
        if (pidFile) forgetPid(pidFile);
        resolve();
      };
      child.once('exit', (code, signal) => {
        logger?.warn({ code, signal }, 'haproxy master exited');
        gone();
      });
      child.once('error', (error) => {
        this.output.push(error.message);
        logger?.error({ error: error.message }, 'haproxy failed to start');
        gone();
      });
    });
    await this.until('haproxy to start a worker', (proc) => proc.workers.length > 0);
  }

  async reload(): Promise<void> {
    const before = await this.proc();
    if (!before || !this.child) throw new Error('haproxy is not running');
    const old = new Set(before.workers.map((w) => w.pid));
    this.child.kill('SIGUSR2');
    await this.until('the reloaded haproxy worker', (proc) => {
      if (proc.failedReloads > before.failedReloads) throw new Error(`haproxy reload failed: ${this.recentOutput()}`);
      return proc.reloads > before.reloads && proc.workers.some((w) => w.reloads === 0 && !old.has(w.pid));
    });
  }

  /** SIGTERM (the master stops its workers), SIGKILL after `graceMs`; then no worker we saw may outlive it. */
  async stop(graceMs = 5000): Promise<void> {
    const child = this.child;
    if (child) {
      await this.proc().catch(() => undefined);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    for (const pid of this.knownWorkers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone: the usual case
      }
    }
    this.knownWorkers.clear();
  }

  recentOutput(): string {
    return this.output.slice(-10).join('\n');
  }

  /** `show proc` from the master CLI, remembering every worker pid for `stop`. */
  private async proc(): Promise<ProcList | undefined> {
    const proc = parseShowProc(await socketCommand(this.options.masterSocket, 'show proc', 2000));
    for (const w of proc?.workers ?? []) this.knownWorkers.add(w.pid);
    return proc;
  }

  private async until(what: string, done: (proc: ProcList) => boolean): Promise<void> {
    const deadline = Date.now() + (this.options.timeoutMs ?? 10_000);
    for (;;) {
      if (!this.child) throw new Error(`haproxy exited: ${this.recentOutput()}`);
      const proc = await this.proc().catch(() => undefined); // the master CLI is briefly away while it re-executes
      if (proc && done(proc)) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${this.recentOutput()}`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}
