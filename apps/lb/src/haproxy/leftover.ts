import type { Logger } from '@strato/service';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const POLL_MS = 20;

/** The command line of a live process, or undefined when there is none (Linux `/proc`). */
function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
  } catch {
    return undefined;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    /* gone meanwhile */
  }
}

/**
 * An HAProxy master left running by a strato-lb that was killed without a chance to stop it (SIGKILL, OOM)
 * still holds every frontend port, so a new one could not bind them. Its pid is in `pidFile`; it is
 * stopped (SIGTERM, then SIGKILL after `graceMs`) only while it is still an HAProxy started with our
 * config file, so a recycled pid is never touched. Returns the pid stopped, if any.
 */
export async function stopLeftover(pidFile: string, configPath: string, logger?: Logger, graceMs = 5_000): Promise<number | undefined> {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  rmSync(pidFile, { force: true });
  const ours = (argv: string[] | undefined) => argv !== undefined && argv.some((a) => a.endsWith('haproxy')) && argv.includes(configPath);
  if (!Number.isInteger(pid) || pid <= 0 || !ours(commandLine(pid))) return undefined;
  logger?.warn({ pid }, 'stopping the HAProxy a previous strato-lb left running');
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (ours(commandLine(pid))) {
    if (Date.now() > deadline) {
      signal(pid, 'SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return pid;
}

export function recordPid(pidFile: string, pid: number | undefined): void {
  if (pid !== undefined) writeFileSync(pidFile, `${pid}\n`);
}

export function forgetPid(pidFile: string): void {
  rmSync(pidFile, { force: true });
}
