import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { waitFor } from './wait';

export interface StartOptions {
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Appends the child's stdout and stderr here (kept for post-mortems). */
  readonly logFile?: string;
}

const running = new Set<ServiceProcess>();

/** A child process started by a test, with its output kept in memory for assertions. */
export class ServiceProcess {
  private output = '';
  private exited: Promise<number | null>;
  private log?: WriteStream;

  constructor(readonly name: string, readonly child: ChildProcess, logFile?: string) {
    if (logFile) this.log = createWriteStream(logFile, { flags: 'a' });
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      this.output += text;
      if (this.output.length > 2_000_000) this.output = this.output.slice(-1_000_000);
      this.log?.write(text);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    running.add(this);
    void this.exited.then(() => {
      running.delete(this);
      this.log?.end();
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get logs(): string {
    return this.output;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when a log line matches. */
  waitForLog(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    return waitFor(() => this.output.match(pattern) ?? undefined, {
      timeoutMs,
      description: `${this.name} to log ${pattern}\n--- ${this.name} output ---\n${this.output.slice(-3000)}`,
    });
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code once it is gone. */
  async stop(graceMs = 5000): Promise<number | null> {
    if (!this.alive) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** SIGKILL, as a crash would. */
  async kill9(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited;
  }

  wait(): Promise<number | null> {
    return this.exited;
  }
}

export function startProcess(name: string, command: string, options: StartOptions = {}): ServiceProcess {
  const child = spawn(command, [...(options.args ?? [])], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new ServiceProcess(name, child, options.logFile);
}

/** Stops every process started through `startProcess` that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop(3000)));
}
