import { Clock, systemClock, TimerHandle } from '@strato/clock';
import { CommandInfo, TaskInfo } from '@strato/domain';
import { join } from 'node:path';
import {
  CheckpointedContainer,
  ContainerConfig,
  ContainerLaunchError,
  Containerizer,
  ContainerTermination,
  LaunchCancelledError,
  LaunchedContainer,
} from './containerizer';
import { bootId, groupMembers, GroupScanner, groupsWithEnvironment, hasProcfs, processEnvironment } from './proc-table';
import { DirectSpawner, LauncherLostError, ProcessExit, ProcessSpawner } from './spawner';

interface Running {
  readonly containerId: string;
  readonly pgid: number;
  done: Promise<ContainerTermination>;
  killed: boolean;
  exited: boolean;
  /** Someone called `wait`: the termination need not be kept once the container is gone. */
  waited?: boolean;
  sigkillAt?: number;
  sigkillTimer?: TimerHandle;
}

interface CommandLine {
  readonly file: string;
  readonly args: string[];
  readonly argv0?: string;
}

/**
 * `sh -c value` for shell commands; otherwise `value` with argv `arguments` (argv[0] first, as Mesos).
 * A shell command that is one simple command naming a program runs as `sh -c 'exec value'`: the program
 * replaces the shell, as it does under bash, instead of dash staying around as its parent (an extra
 * process per task, and one that leaves the program a zombie of init when a kill reaches the shell first).
 */
export function commandLine(command: CommandInfo): CommandLine {
  if (command.shell) return { file: '/bin/sh', args: ['-c', isSimpleCommand(command.value) ? `exec ${command.value.trim()}` : command.value] };
  const argv = command.arguments.length > 0 ? [...command.arguments] : [command.value];
  return { file: command.value, args: argv.slice(1), argv0: argv[0] };
}

/** Reserved words and builtins: `exec` cannot run them (or would run a different program), so they keep their shell. */
const SHELL_WORDS = new Set(
  [
    // reserved words (POSIX, bash)
    '! { } [[ ]] case do done elif else esac fi for function if in select then time until while coproc',
    // builtins of dash and bash
    '. : [ alias bg bind break builtin caller cd chdir command compgen complete compopt continue declare dirs disown echo',
    'enable eval exec exit export false fc fg getopts hash help history jobs kill let local logout mapfile popd printf',
    'pushd pwd read readarray readonly return set shift shopt source suspend test times trap true type typeset ulimit',
    'umask unalias unset wait',
  ]
    .join(' ')
    .split(' '),
);
const PLAIN_WORD = /^[A-Za-z0-9_./:=,@%+-]+$/;
const PROGRAM = /^[A-Za-z0-9_./+][A-Za-z0-9_./+-]*$/;

/** Plain words only (no quoting, expansion, globbing, redirection, operators or assignments), starting with a program. */
export function isSimpleCommand(value: string): boolean {
  const words = value.trim().split(/[ \t]+/);
  return PROGRAM.test(words[0]) && !SHELL_WORDS.has(words[0]) && words.every((word) => PLAIN_WORD.test(word));
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
  /**
   * Containers that ended before anyone called `wait` (through the launcher helper, a quick command's
   * exit can arrive together with its start): the first `wait` still gets the termination.
   */
  private readonly unwaited = new Map<string, Promise<ContainerTermination>>();
  private readonly clock: Clock;
  private readonly spawner: ProcessSpawner;
  private readonly scanner = new GroupScanner();

  /** `spawner`: how processes are started (forked from this process when absent). */
  constructor(options: { clock?: Clock; spawner?: ProcessSpawner } = {}) {
    this.clock = options.clock ?? systemClock;
    this.spawner = options.spawner ?? new DirectSpawner();
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
    const { file, args, argv0 } = commandLine(config.command);
    const { sandbox } = config;
    let spawned;
    try {
      const request = { file, args, argv0, cwd: sandbox, env: config.env, stdout: join(sandbox, 'stdout'), stderr: join(sandbox, 'stderr') };
      spawned = await this.spawner.spawn(request, config.proceed);
    } catch (e) {
      if (e instanceof LaunchCancelledError) throw e;
      // The helper may have forked the process before it went away: nothing would ever end it.
      if (e instanceof LauncherLostError) await this.destroyByEnvironment(config.containerId);
      throw new ContainerLaunchError(`Failed to launch '${config.command.value}': ${(e as Error).message}`);
    }
    const pgid = spawned.pid;
    const entry = { containerId: config.containerId, pgid, killed: false, exited: false } as Running;
    entry.done = this.watch(entry, spawned.exit);
    entry.done.catch(() => undefined); // `wait` hands the failure on; until then it is not unhandled
    this.running.set(config.containerId, entry);
    return { containerId: config.containerId, recovery: { pgid, bootId: bootId() ?? '' } };
  }

  wait(containerId: string): Promise<ContainerTermination> {
    const entry = this.running.get(containerId);
    if (entry) entry.waited = true;
    const done = entry?.done ?? this.unwaited.get(containerId);
    this.unwaited.delete(containerId);
    return done ?? Promise.reject(new Error(`unknown container ${containerId}`));
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

  /** Kills every process group in which some process carries MESOS_CONTAINER_ID=`containerId`. */
  private async destroyByEnvironment(containerId: string): Promise<void> {
    for (const pgid of groupsWithEnvironment('MESOS_CONTAINER_ID', containerId)) {
      signalGroup(pgid, 'SIGKILL');
      await this.reapGroup(pgid);
    }
  }

  /** Once the main process has ended, nothing of its group may stay. An exit that can no longer be observed ends the group too. */
  private async watch(entry: Running, exit: Promise<ProcessExit>): Promise<ContainerTermination> {
    let ended: ProcessExit | Error;
    try {
      ended = await exit;
    } catch (e) {
      ended = e as Error;
    }
    entry.exited = true;
    this.clock.clearTimeout(entry.sigkillTimer);
    signalGroup(entry.pgid, 'SIGKILL');
    await this.reapGroup(entry.pgid);
    this.running.delete(entry.containerId);
    if (!entry.waited) this.unwaited.set(entry.containerId, entry.done);
    if (ended instanceof Error) throw ended;
    return { exitCode: ended.code, signal: ended.signal, killed: entry.killed };
  }

  /** SIGKILLs the group until no live process is left in it (or gives up after a few seconds). */
  private async reapGroup(pgid: number): Promise<void> {
    const deadline = this.clock.now() + REAP_TIMEOUT_MS;
    let cursor = this.scanner.cursor();
    for (let round = 0; this.clock.now() < deadline; round++) {
      if (!groupExists(pgid)) return;
      if (round >= SCAN_AFTER_ROUNDS) {
        const scan = this.scanner.members(pgid, cursor);
        if (scan.members.length === 0) return;
        cursor = scan.cursor;
      }
      signalGroup(pgid, 'SIGKILL');
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, REAP_POLL_MS));
    }
  }
}

/**
 * Cheap first: `kill(-pgid, 0)` fails with ESRCH once the group is empty, which is the usual answer
 * within a round or two. A group that lingers is looked up in /proc (see `GroupScanner`), where zombies
 * (left by an init that does not reap) do not count.
 */
function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
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
