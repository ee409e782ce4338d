import { Clock, systemClock, TimerHandle } from '@strato/clock';
import { CommandInfo, TaskInfo } from '@strato/domain';
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import {
  CheckpointedContainer,
  ContainerConfig,
  ContainerLaunchError,
  Containerizer,
  ContainerTermination,
  LaunchedContainer,
} from './containerizer';
import { bootId, groupMembers, hasProcfs, processEnvironment } from './proc-table';

interface Running {
  readonly containerId: string;
  readonly pgid: number;
  done: Promise<ContainerTermination>;
  killed: boolean;
  exited: boolean;
  sigkillAt?: number;
  sigkillTimer?: TimerHandle;
}

interface CommandLine {
  readonly file: string;
  readonly args: string[];
  readonly argv0?: string;
}

/** `sh -c value` for shell commands; otherwise `value` with argv `arguments` (argv[0] first, as Mesos). */
export function commandLine(command: CommandInfo): CommandLine {
  if (command.shell) return { file: '/bin/sh', args: ['-c', command.value] };
  const argv = command.arguments.length > 0 ? [...command.arguments] : [command.value];
  return { file: command.value, args: argv.slice(1), argv0: argv[0] };
}

const REAP_POLL_MS = 20;
const REAP_TIMEOUT_MS = 5_000;
/** Rounds of cheap checks before a lingering group is looked up in /proc. */
const SCAN_AFTER_ROUNDS = 3;

/**
 * Runs each container as a process group of its own (POSIX launcher): kill signals the whole
 * group, and when the main process ends every straggler in the group is SIGKILLed, so a task
 * never leaves orphans behind. No resource isolation (that is the cgroups containerizer's job).
 */
export class ProcessContainerizer implements Containerizer {
  readonly name = 'process';
  private readonly running = new Map<string, Running>();
  private readonly clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  unsupported(task: TaskInfo): string | undefined {
    const why = (text: string) => `Containerizer does not support this task: ${text}`;
    if (task.container?.type === 'DOCKER') {
      return why(`DOCKER containers (image '${task.container.docker?.image ?? ''}') are not supported yet`);
    }
    if (!task.command) return why('the task has no command');
    if (task.command.value.trim() === '') return why('the command is empty');
    return undefined;
  }

  async launch(config: ContainerConfig): Promise<LaunchedContainer> {
    if (this.running.has(config.containerId)) throw new ContainerLaunchError(`container ${config.containerId} already exists`);
    const child = this.spawnChild(config);
    const exit = new Promise<[number | null, string | null]>((resolve) => child.once('exit', (code, sig) => resolve([code, sig])));
    try {
      await spawned(child);
    } catch (e) {
      throw new ContainerLaunchError(`Failed to launch '${config.command.value}': ${(e as Error).message}`);
    }
    const pgid = child.pid!;
    const entry = { containerId: config.containerId, pgid, killed: false, exited: false } as Running;
    entry.done = this.watch(entry, exit);
    this.running.set(config.containerId, entry);
    return { containerId: config.containerId, recovery: { pgid, bootId: bootId() ?? '' } };
  }

  wait(containerId: string): Promise<ContainerTermination> {
    const entry = this.running.get(containerId);
    if (!entry) return Promise.reject(new Error(`unknown container ${containerId}`));
    return entry.done;
  }

  kill(containerId: string, gracePeriodMs: number): void {
    const entry = this.running.get(containerId);
    if (!entry || entry.exited) return;
    const now = this.clock.now();
    const deadline = now + Math.max(0, gracePeriodMs);
    if (entry.sigkillAt !== undefined && entry.sigkillAt <= deadline) return;
    if (!entry.killed) {
      entry.killed = true;
      signalGroup(entry.pgid, 'SIGTERM');
    }
    this.clock.clearTimeout(entry.sigkillTimer);
    entry.sigkillAt = deadline;
    entry.sigkillTimer = this.clock.setTimeout(() => signalGroup(entry.pgid, 'SIGKILL'), deadline - now);
  }

  containers(): string[] {
    return [...this.running.keys()];
  }

  async destroyOrphans(checkpointed: readonly CheckpointedContainer[]): Promise<string[]> {
    const currentBoot = bootId();
    const destroyed: string[] = [];
    for (const c of checkpointed) {
      const pgid = Number(c.recovery.pgid);
      if (!Number.isInteger(pgid) || pgid <= 1 || this.running.has(c.containerId)) continue;
      if (c.recovery.bootId && currentBoot && c.recovery.bootId !== currentBoot) continue;
      if (!isOurGroup(pgid, c.containerId)) continue;
      signalGroup(pgid, 'SIGKILL');
      await this.reapGroup(pgid);
      destroyed.push(c.containerId);
    }
    return destroyed;
  }

  private spawnChild(config: ContainerConfig): ChildProcess {
    const { file, args, argv0 } = commandLine(config.command);
    const fds: number[] = [];
    try {
      fds.push(openSync(join(config.sandbox, 'stdout'), 'a'), openSync(join(config.sandbox, 'stderr'), 'a'));
      return spawn(file, args, {
        argv0,
        cwd: config.sandbox,
        env: { ...config.env },
        detached: true,
        stdio: ['ignore', fds[0], fds[1]],
      });
    } catch (e) {
      throw new ContainerLaunchError(`Failed to launch '${config.command.value}': ${(e as Error).message}`);
    } finally {
      for (const fd of fds) closeSync(fd);
    }
  }

  private async watch(entry: Running, exit: Promise<[number | null, string | null]>): Promise<ContainerTermination> {
    const [exitCode, signal] = await exit;
    entry.exited = true;
    this.clock.clearTimeout(entry.sigkillTimer);
    signalGroup(entry.pgid, 'SIGKILL');
    await this.reapGroup(entry.pgid);
    this.running.delete(entry.containerId);
    return { exitCode, signal, killed: entry.killed };
  }

  /** SIGKILLs the group until no live process is left in it (or gives up after a few seconds). */
  private async reapGroup(pgid: number): Promise<void> {
    const deadline = this.clock.now() + REAP_TIMEOUT_MS;
    for (let round = 0; groupLeft(pgid, round) && this.clock.now() < deadline; round++) {
      signalGroup(pgid, 'SIGKILL');
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, REAP_POLL_MS));
    }
  }
}

function spawned(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('spawn', () => {
      child.on('error', () => undefined); // later errors (e.g. a failed kill) must not crash the agent
      resolve();
    });
    child.once('error', reject);
  });
}

/**
 * Whether the group still has live processes. Cheap first: `kill(-pgid, 0)` fails with ESRCH once the
 * group is empty, which is the usual answer within a round or two. Only a group that lingers is looked
 * up in /proc, where zombies (left by an init that does not reap) do not count. A /proc scan reads every
 * process on the machine, so doing it per task made reaping thousands of tasks quadratic.
 */
function groupLeft(pgid: number, round: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  return round < SCAN_AFTER_ROUNDS || groupMembers(pgid).length > 0;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Only a group in which some process carries the container's id is ours to kill. */
function isOurGroup(pgid: number, containerId: string): boolean {
  if (!hasProcfs()) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  return groupMembers(pgid).some((pid) => processEnvironment(pid)?.MESOS_CONTAINER_ID === containerId);
}
