import { mkdir, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Where a task's container runs: `<work_dir>/slaves/<agent>/frameworks/<fw>/executors/<executor>/runs/<container>`. */
export interface SandboxCoordinates {
  readonly agentId: string;
  readonly frameworkId: string;
  /** The command executor's id; Strato runs each task as its own executor, so this is the task id. */
  readonly executorId: string;
  readonly containerId: string;
}

/** Ids become path segments, so they must not be able to climb or branch out of the layout. */
export function isSafePathSegment(id: string): boolean {
  return id.length > 0 && id.length <= 255 && id !== '.' && id !== '..' && !/[/\\\0]/.test(id);
}

export const sandboxesRoot = (workDir: string) => join(workDir, 'slaves');

export function runsDir(workDir: string, c: Omit<SandboxCoordinates, 'containerId'>): string {
  for (const id of [c.agentId, c.frameworkId, c.executorId]) {
    if (!isSafePathSegment(id)) throw new Error(`'${id}' cannot be used as a path segment`);
  }
  return join(sandboxesRoot(workDir), c.agentId, 'frameworks', c.frameworkId, 'executors', c.executorId, 'runs');
}

export function sandboxPath(workDir: string, c: SandboxCoordinates): string {
  if (!isSafePathSegment(c.containerId)) throw new Error(`'${c.containerId}' cannot be used as a path segment`);
  return join(runsDir(workDir, c), c.containerId);
}

/** Creates the sandbox and points `runs/latest` at it; returns its path. */
export async function createSandbox(workDir: string, c: SandboxCoordinates): Promise<string> {
  const dir = sandboxPath(workDir, c);
  await mkdir(dir, { recursive: true });
  await pointLatest(runsDir(workDir, c), c.containerId);
  return dir;
}

/**
 * `<dir>/latest` → `target`. The usual case, a fresh `runs/` directory, is one symlink call; an existing
 * link is replaced atomically (a temporary link renamed over it), so readers never see it missing.
 */
export async function pointLatest(dir: string, target: string): Promise<void> {
  const latest = join(dir, 'latest');
  try {
    return await symlink(target, latest);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const temp = join(dir, `.latest.${process.pid}.${++temporaries}`);
  await rm(temp, { force: true });
  await symlink(target, temp);
  await rename(temp, latest);
}

let temporaries = 0;
