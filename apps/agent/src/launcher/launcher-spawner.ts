import { Logger } from '@strato/service';
import { ChildProcess, spawn } from 'node:child_process';
import { LaunchCancelledError, LauncherLostError, ProcessExit, ProcessSpawner, SpawnedProcess, SpawnRequest } from '../spawner';
import { LaunchMessage, LauncherReply } from './protocol';

export interface LauncherSpawnerOptions {
  /** The launcher script (`dist/launcher.js` next to the agent's bundle). */
  readonly path: string;
  readonly logger?: Logger;
  /** The node binary (this one when absent). */
  readonly execPath?: string;
}

interface Pending {
  readonly resolve: (spawned: SpawnedProcess) => void;
  readonly reject: (error: Error) => void;
}

interface Exiting {
  readonly resolve: (exit: ProcessExit) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Spawns through the launcher helper process (see `launcher/main.ts`), started on first use. Should the
 * helper die, launches in flight fail, the exits of processes it had started reject (the containerizer
 * then kills those groups: their end can no longer be observed), and the next launch starts a new helper.
 */
export class LauncherSpawner implements ProcessSpawner {
  private helper?: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly exiting = new Map<number, Exiting>();
  private closed = false;

  constructor(private readonly options: LauncherSpawnerOptions) {}

  /** The helper's pid while it runs. */
  get helperPid(): number | undefined {
    return this.helper?.pid;
  }

  spawn(request: SpawnRequest, proceed: () => boolean = () => true): Promise<SpawnedProcess> {
    if (this.closed) return Promise.reject(new Error('the launcher is closed'));
    if (!proceed()) return Promise.reject(new LaunchCancelledError());
    const helper = this.helper ?? this.start();
    const id = this.nextId++;
    const message: LaunchMessage = { type: 'launch', id, ...request };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      helper.send(message, (error) => {
        if (error && this.pending.delete(id)) reject(new LauncherLostError(`the launcher is unavailable: ${error.message}`));
      });
    });
  }

  /** Disconnects the helper, which then exits; resolves once it has (or at once when it never started). */
  async close(): Promise<void> {
    this.closed = true;
    const helper = this.helper;
    if (!helper) return;
    if (helper.pid === undefined) return; // it never started
    const gone = new Promise<void>((resolve) => helper.once('exit', () => resolve()));
    if (helper.connected) helper.disconnect();
    else helper.kill('SIGKILL');
    await gone;
  }

  private start(): ChildProcess {
    const helper = spawn(this.options.execPath ?? process.execPath, [this.options.path], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.helper = helper;
    helper.on('message', (reply: LauncherReply) => this.onReply(reply));
    helper.on('error', (error) => {
      this.options.logger?.error({ err: error.message }, 'launcher helper error');
      // A helper that could not be started at all never emits 'exit'.
      if (helper.pid === undefined) this.onHelperExit(helper, null, null);
    });
    helper.once('exit', (code, signal) => this.onHelperExit(helper, code, signal));
    // The agent's own servers keep it alive; an idle helper must not.
    helper.unref();
    (helper.channel as { unref?: () => void } | undefined)?.unref?.();
    this.options.logger?.info({ pid: helper.pid, path: this.options.path }, 'launcher helper started');
    return helper;
  }

  private onReply(reply: LauncherReply): void {
    if (reply.type === 'exited') {
      const exiting = this.exiting.get(reply.id);
      this.exiting.delete(reply.id);
      exiting?.resolve({ code: reply.code, signal: reply.signal });
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.type === 'failed') return pending.reject(new Error(reply.message));
    const exit = new Promise<ProcessExit>((resolve, reject) => this.exiting.set(reply.id, { resolve, reject }));
    exit.catch(() => undefined); // a caller that stopped waiting must not turn a lost helper into an unhandled rejection
    pending.resolve({ pid: reply.pid, exit });
  }

  private onHelperExit(helper: ChildProcess, code: number | null, signal: string | null): void {
    if (this.helper === helper) this.helper = undefined;
    const how = signal ?? (code === null ? 'it could not be started' : `code ${code}`);
    const why = new LauncherLostError(`the launcher helper exited (${how})`);
    if (!this.closed || this.pending.size + this.exiting.size > 0) {
      this.options.logger?.[this.closed ? 'info' : 'error']({ code, signal, launching: this.pending.size, running: this.exiting.size }, 'launcher helper exited');
    }
    for (const p of this.pending.values()) p.reject(why);
    for (const e of this.exiting.values()) e.reject(why);
    this.pending.clear();
    this.exiting.clear();
  }
}
