import type { Logger } from '@strato/service';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HaproxyMaster } from './master-process';
import type { HaproxyPort, InstallResult, RuntimeResult } from './port';
import { isExpectedAnswer, socketCommand } from './socket-cli';

export interface ManagerOptions {
  readonly bin: string;
  readonly configPath: string;
  readonly masterSocket: string;
  /** The runtime API socket the config's `stats socket` line opens. */
  readonly adminSocket: string;
  /** The config's `server-state-file`: written before every reload, loaded by the new worker. */
  readonly serverStateFile: string;
  /** The HAProxy master's pid while it runs (see `stopLeftover`). */
  readonly pidFile?: string;
  readonly logger?: Logger;
  readonly timeoutMs?: number;
}

const MESSAGE_LIMIT = 4000;

/** The real HAProxy: config files, `haproxy -c`, the master process, the runtime API and the server-state file. */
export class HaproxyManager implements HaproxyPort {
  private readonly master: HaproxyMaster;
  private sequence = 0;

  constructor(private readonly options: ManagerOptions) {
    this.master = new HaproxyMaster({ bin: options.bin, configPath: options.configPath, masterSocket: options.masterSocket, pidFile: options.pidFile, logger: options.logger, timeoutMs: options.timeoutMs });
  }

  running(): boolean {
    return this.master.running();
  }

  pid(): number | undefined {
    return this.master.pid();
  }

  /** The master and every worker seen so far (tests check that none outlives `stop`). */
  pids(): number[] {
    const master = this.master.pid();
    return [...(master === undefined ? [] : [master]), ...this.master.workers()];
  }

  async install(text: string, validate: boolean): Promise<InstallResult> {
    const target = this.options.configPath;
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.tmp-${process.pid}-${this.sequence++}`;
    await writeFile(temp, text);
    if (validate) {
      const check = await this.check(temp);
      if (!check.ok) {
        await rename(temp, `${target}.invalid`); // kept for a post-mortem, like marathon-lb's haproxy_tmp_conf_fail
        return check;
      }
    }
    await rename(temp, target);
    return { ok: true };
  }

  async start(): Promise<void> {
    await this.ensureStateFile();
    await this.master.start();
  }

  async reload(servers?: ReadonlyMap<string, string>): Promise<void> {
    await this.saveServerState(servers);
    await this.master.reload();
  }

  async runtime(commands: readonly string[]): Promise<RuntimeResult> {
    for (const command of commands) {
      let answer: string;
      try {
        answer = await socketCommand(this.options.adminSocket, command);
      } catch (error) {
        return { ok: false, command, answer: error instanceof Error ? error.message : String(error) };
      }
      if (!isExpectedAnswer(answer)) return { ok: false, command, answer: answer.trim() };
    }
    return { ok: true };
  }

  stop(): Promise<void> {
    return this.master.stop();
  }

  /** `haproxy -c -f <file>`: exit 0 is valid (warnings included); otherwise the ALERT lines say why. */
  check(file: string): Promise<InstallResult> {
    return new Promise((resolve) => {
      execFile(this.options.bin, ['-c', '-f', file], { timeout: 30_000 }, (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true });
        const output = `${stderr}\n${stdout}`;
        const alerts = output.split('\n').filter((l) => l.includes('[ALERT]'));
        const message = (alerts.length > 0 ? alerts.join('\n') : output.trim() || error.message).slice(0, MESSAGE_LIMIT);
        resolve({ ok: false, message });
      });
    });
  }

  /**
   * Health and runtime addresses survive the reload: the new worker loads them from this file. With `servers`,
   * a server whose address changes in the new config is left out: HAProxy would otherwise load the old slot's
   * state into it (an emptied slot's `stopped` makes the new task's server DOWN, for good without health checks).
   */
  private async saveServerState(servers?: ReadonlyMap<string, string>): Promise<void> {
    try {
      const state = await socketCommand(this.options.adminSocket, 'show servers state');
      if (!/^\d+\n/.test(state)) throw new Error(`unexpected answer: ${state.slice(0, 200)}`);
      const temp = `${this.options.serverStateFile}.tmp-${process.pid}`;
      await writeFile(temp, servers ? keepUnmoved(state, servers) : state);
      await rename(temp, this.options.serverStateFile);
    } catch (error) {
      this.options.logger?.warn({ error: error instanceof Error ? error.message : String(error) }, 'could not save server state before reload');
    }
  }

  /** A missing state file draws a warning at every start; a bare version line is an empty, valid one. */
  private async ensureStateFile(): Promise<void> {
    const file = this.options.serverStateFile;
    if (existsSync(file)) return;
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, '1\n');
  }
}

/** The lines of a `show servers state` answer whose server serves the same `addr:port` in `servers`. */
export function keepUnmoved(state: string, servers: ReadonlyMap<string, string>): string {
  const lines = state.split('\n');
  const header = lines.find((l) => l.startsWith('# '))?.slice(2).trim().split(/\s+/) ?? [];
  const [backend, server, addr, port] = ['be_name', 'srv_name', 'srv_addr', 'srv_port'].map((c) => header.indexOf(c));
  if ([backend, server, addr, port].some((i) => i < 0)) return state;
  return lines.filter((line) => {
    if (!/^\d+ /.test(line)) return true;
    const f = line.trim().split(/\s+/);
    return servers.get(`${f[backend]}/${f[server]}`) === `${f[addr]}:${f[port]}`;
  }).join('\n');
}
