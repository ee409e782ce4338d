// What both local cluster launchers share: starting services as child processes with their logs in
// <stateDir>/logs, optionally restarting one that exits (as systemd would), and stopping them all
// (SIGTERM, then SIGKILL after 10 s) with no orphan process left.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function log(message, fields = {}) {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), service: 'cluster', msg: message, ...fields })}\n`);
}

/** Each of `count` agents gets an equal share of the cores, memory and the 31000-32000 port range. */
export function agentResources(index, count) {
  const share = (n) => Math.max(1, Math.floor(n / count));
  const memMb = Math.floor((totalmem() / 1024 / 1024 - 1024) / count);
  const portsEach = Math.floor(1000 / count);
  const first = 31000 + index * portsEach;
  return `cpus:${share(cpus().length)};mem:${memMb};disk:10240;ports:[${first}-${first + portsEach - 1}]`;
}

export class Supervisor {
  /**
   * @param {string} stateDir where `logs/<name>.log` go
   * @param {{ restart: boolean }} options `restart`: start a service again 1 s after it exits (HA: a leader
   *   that lost its ZooKeeper session exits on purpose); otherwise any exit stops the whole cluster.
   */
  constructor(stateDir, options) {
    this.stateDir = stateDir;
    this.restart = options.restart;
    this.children = new Map();
    this.stopping = false;
    process.on('SIGINT', () => this.stop(0));
    process.on('SIGTERM', () => this.stop(0));
  }

  /** Starts `command` (a bin path under the repo, or an absolute command) with `args`. */
  start(name, command, args) {
    mkdirSync(join(this.stateDir, 'logs'), { recursive: true });
    const out = createWriteStream(join(this.stateDir, 'logs', `${name}.log`), { flags: 'a' });
    // The bin itself, not `node <bin>`: its shebang carries the service's node flags.
    const child = spawn(command.startsWith('/') ? command : join(root, command), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    child.stderr.on('data', (d) => process.stderr.write(`[${name}] ${d}`));
    child.on('exit', (code, signal) => {
      log(`${name} exited`, { code, signal });
      if (this.stopping) return;
      if (!this.restart) return void this.stop(1);
      log(`restarting ${name} in 1 s`);
      setTimeout(() => !this.stopping && this.start(name, command, args), 1_000);
    });
    this.children.set(name, child);
    return child;
  }

  async stop(code = 0) {
    if (this.stopping) return;
    this.stopping = true;
    log('stopping the cluster');
    const alive = [...this.children.values()].filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.all(
      alive.reverse().map(
        (child) =>
          new Promise((resolve) => {
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    log('cluster stopped');
    process.exit(code);
  }
}
