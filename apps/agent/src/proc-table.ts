import { readdirSync, readFileSync } from 'node:fs';

/**
 * Linux /proc look-ups used to make sure process groups are really gone and to recognise a
 * previous agent run's tasks. Elsewhere they report nothing, and callers fall back to signals.
 */
interface ProcStat {
  readonly pid: number;
  readonly pgid: number;
  readonly state: string;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, state: rest[0], pgid: Number(rest[2]) };
  } catch {
    return undefined;
  }
}

export function hasProcfs(): boolean {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
}

/** Live (non-zombie) pids in process group `pgid`. */
export function groupMembers(pgid: number): number[] {
  return scanGroups().get(pgid) ?? [];
}

/** Every process group with live (non-zombie) members, from one pass over /proc. */
function scanGroups(): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return groups;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (!stat || stat.state === 'Z') continue;
    const members = groups.get(stat.pgid);
    if (members) members.push(stat.pid);
    else groups.set(stat.pgid, [stat.pid]);
  }
  return groups;
}

/**
 * Shares /proc scans between callers: a scan reads every process on the machine, and when a thousand
 * tasks end together, a scan per task and round would make reaping quadratic. A caller holds a cursor and
 * is answered from the newest scan taken after it, scanning only when there is none.
 */
export class GroupScanner {
  private generation = 0;
  private groups = new Map<number, number[]>();

  /** A cursor before which no scan counts (scans taken from now on do). */
  cursor(): number {
    return this.generation;
  }

  /** Live members of `pgid` according to a scan newer than `cursor`, and the cursor to pass next time. */
  members(pgid: number, cursor: number): { members: number[]; cursor: number } {
    if (this.generation <= cursor) {
      this.groups = scanGroups();
      this.generation++;
    }
    return { members: this.groups.get(pgid) ?? [], cursor: this.generation };
  }
}

/** Process groups in which some live process was started with `key=value` in its environment. */
export function groupsWithEnvironment(key: string, value: string): number[] {
  const found = new Set<number>();
  for (const [pgid, members] of scanGroups()) {
    if (members.some((pid) => processEnvironment(pid)?.[key] === value)) found.add(pgid);
  }
  return [...found];
}

/** A process's initial environment, or undefined if it cannot be read. */
export function processEnvironment(pid: number): Record<string, string> | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/environ`, 'utf8');
    const env: Record<string, string> = {};
    for (const entry of raw.split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return env;
  } catch {
    return undefined;
  }
}

/** Changes on every boot; pids and process groups from another boot mean nothing. */
export function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}
