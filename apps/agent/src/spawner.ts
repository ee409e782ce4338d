import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { LaunchCancelledError } from './containerizer';

export { LaunchCancelledError } from './containerizer';

/** One process to start, as the leader of a new process group (session), with its output appended to files. */
export interface SpawnRequest {
  readonly file: string;
  readonly args: readonly string[];
  readonly argv0?: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Files the process's stdout and stderr are appended to (created when missing). */
  readonly stdout: string;
  readonly stderr: string;
}

/** How a spawned process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: string | null;
}

export interface SpawnedProcess {
  /** Also the process group id: the process leads a group of its own. */
  readonly pid: number;
  /** Resolves when the process has exited; rejects when its exit can no longer be observed. */
  readonly exit: Promise<ProcessExit>;
}

/**
 * Starts processes for the process containerizer. Forking from a process costs time in proportion to
 * its memory, so the agent hands this to a small helper process (`LauncherSpawner`); `DirectSpawner`
 * forks from the calling process itself (tests, and the helper's own implementation).
 */
export interface ProcessSpawner {
  /**
   * Resolves once the process runs; rejects with the reason it could not be started. `proceed` is asked
   * right before the fork: when it says no (the task was killed meanwhile), the spawn rejects with
   * `LaunchCancelledError` and nothing is forked.
   */
  spawn(request: SpawnRequest, proceed?: () => boolean): Promise<SpawnedProcess>;
  /** Releases the spawner; processes already started keep running. */
  close(): Promise<void>;
}

/** The launcher helper went away before it answered: the process may or may not have been forked. */
export class LauncherLostError extends Error {
  override readonly name = 'LauncherLostError';
}

/**
 * Forks from this process, one fork per turn of the event loop: a fork blocks the process for
 * milliseconds, and a burst of hundreds must not hold back everything else it does.
 */
export class DirectSpawner implements ProcessSpawner {
  private turn: Promise<void> = Promise.resolve();

  spawn(request: SpawnRequest, proceed: () => boolean = () => true): Promise<SpawnedProcess> {
    const turn = this.turn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    this.turn = turn;
    return turn.then(() => (proceed() ? this.fork(request) : Promise.reject(new LaunchCancelledError())));
  }

  async close(): Promise<void> {}

  private fork(request: SpawnRequest): Promise<SpawnedProcess> {
    let child: ChildProcess;
    try {
      child = startChild(request);
    } catch (e) {
      return Promise.reject(e);
    }
    const exit = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    return new Promise((resolve, reject) => {
      child.once('spawn', () => {
        child.on('error', () => undefined); // later errors (e.g. a failed kill) must not crash the caller
        resolve({ pid: child.pid!, exit });
      });
      child.once('error', reject);
    });
  }
}

function startChild(request: SpawnRequest): ChildProcess {
  const fds: number[] = [];
  try {
    fds.push(openSync(request.stdout, 'a'), openSync(request.stderr, 'a'));
    return spawn(request.file, [...request.args], {
      argv0: request.argv0,
      cwd: request.cwd,
      env: { ...request.env },
      detached: true,
      stdio: ['ignore', fds[0], fds[1]],
    });
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}
