import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The latest run directory of a task under an agent's work dir (Mesos sandbox layout). */
export function sandboxOf(agentWorkDir: string, frameworkId: string, taskId: string): string | undefined {
  const slaves = join(agentWorkDir, 'slaves');
  if (!existsSync(slaves)) return undefined;
  for (const agentId of readdirSync(slaves)) {
    const runs = join(slaves, agentId, 'frameworks', frameworkId, 'executors', taskId, 'runs');
    if (!existsSync(runs)) continue;
    const latest = join(runs, 'latest');
    if (existsSync(latest)) return latest;
    const dirs = readdirSync(runs);
    if (dirs.length) return join(runs, dirs[dirs.length - 1]);
  }
  return undefined;
}

export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
