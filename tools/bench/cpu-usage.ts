import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time spent by each service (and what it started) between two snapshots, from /proc: the launch
 * benchmark is CPU-bound on 2 cores, so where the CPU goes says more than the run-to-run noisy rate.
 */
export interface CpuSnapshot {
  /** CPU ms per process, keyed by pid, with the label it is counted under. */
  readonly processes: Map<number, { label: string; ms: number }>;
  /** Busy and total ms of the whole machine (all CPUs) since boot. */
  readonly machine: { busy: number; total: number };
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function statOf(pid: number): { ppid: number; ms: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(rest[1]), ms: (Number(rest[11]) + Number(rest[12])) * TICK_MS };
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** `roots`: label → pid of each service. Descendants count as `launcher helpers` or `task processes`. */
export function cpuSnapshot(roots: Readonly<Record<string, number>>): CpuSnapshot {
  const processes = new Map<number, { label: string; ms: number }>();
  const children = new Map<number, number[]>();
  const stats = new Map<number, { ppid: number; ms: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = statOf(Number(name));
    if (!stat) continue;
    stats.set(Number(name), stat);
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(name)]);
  }
  for (const [label, root] of Object.entries(roots)) {
    const rootStat = stats.get(root);
    if (rootStat) processes.set(root, { label, ms: rootStat.ms });
    const queue = [...(children.get(root) ?? [])];
    while (queue.length > 0) {
      const pid = queue.shift()!;
      const kind = commandOf(pid).includes('launcher.js') ? 'launcher helpers' : 'task processes';
      processes.set(pid, { label: kind, ms: stats.get(pid)?.ms ?? 0 });
      queue.push(...(children.get(pid) ?? []));
    }
  }
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0) * TICK_MS;
  const idle = (cpu[3] + cpu[4]) * TICK_MS;
  return { processes, machine: { busy: total - idle, total } };
}

/** CPU ms per label between `before` and `after` (processes started in between count from zero), and the machine's. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): { byLabel: Map<string, number>; busy: number; total: number } {
  const byLabel = new Map<string, number>();
  for (const [pid, { label, ms }] of after.processes) {
    byLabel.set(label, (byLabel.get(label) ?? 0) + ms - (before.processes.get(pid)?.ms ?? 0));
  }
  return { byLabel, busy: after.machine.busy - before.machine.busy, total: after.machine.total - before.machine.total };
}

/** One line: CPU ms per task of the master, the agents (`agent-*` together), the helpers, Marathon, the tasks, the machine. */
export function cpuPerTask(before: CpuSnapshot, after: CpuSnapshot, tasks: number): string {
  const { byLabel, busy, total } = cpuBetween(before, after);
  const agentsMs = [...byLabel].filter(([label]) => label.startsWith('agent-')).reduce((sum, [, ms]) => sum + ms, 0);
  const parts = [['master', byLabel.get('master') ?? 0], ['agents', agentsMs], ['launcher helpers', byLabel.get('launcher helpers') ?? 0],
    ['Marathon', byLabel.get('Marathon') ?? 0], ['task processes', byLabel.get('task processes') ?? 0]] as const;
  const perTask = (ms: number) => (ms / Math.max(1, tasks)).toFixed(2);
  return `CPU ms per task: ${parts.map(([label, ms]) => `${label} ${perTask(ms)}`).join(', ')}; whole machine ${perTask(busy)} (busy ${((100 * busy) / Math.max(1, total)).toFixed(0)}% of ${(total / 1000).toFixed(1)} CPU-s)`;
}
