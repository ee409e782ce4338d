import { readdirSync, readFileSync } from 'node:fs';

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch {
    return false;
  }
}

/** True while any live process is in process group `pgid`. */
export function processGroupAlive(pgid: number): boolean {
  return allStats().some((s) => s.pgid === pgid && s.state !== 'Z');
}

/** Pids of every live process below `pid` in the process tree. */
export function descendantsOf(pid: number): number[] {
  const stats = allStats().filter((s) => s.state !== 'Z');
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const s of stats) if (s.ppid === parent) {
      found.push(s.pid);
      queue.push(s.pid);
    }
  }
  return found;
}

interface Stat {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, state: rest[0], ppid: Number(rest[1]), pgid: Number(rest[2]) };
  } catch {
    return undefined;
  }
}

function isZombie(pid: number): boolean {
  return readStat(pid)?.state === 'Z';
}

function allStats(): Stat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((s): s is Stat => s !== undefined);
}
