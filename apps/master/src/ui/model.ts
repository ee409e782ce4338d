// The master's `/master/state` as the UI reads it, and pure derivations of it (no DOM: unit-tested).
import { formatCpus, formatMb } from '@strato/ui';

export type ResourcesJson = Record<string, number | string>;

export interface StatusJson {
  state: string;
  timestamp: number;
  message?: string;
  healthy?: boolean;
}

export interface TaskJson {
  id: string;
  name: string;
  framework_id: string;
  slave_id: string;
  state: string;
  role?: string;
  resources: ResourcesJson;
  statuses: StatusJson[];
}

export interface AgentJson {
  id: string;
  pid: string;
  hostname: string;
  port: number;
  registered_time?: number;
  reregistered_time?: number;
  unreachable_time?: number;
  resources: ResourcesJson;
  used_resources: ResourcesJson;
  offered_resources?: ResourcesJson;
  attributes: Record<string, string | number>;
  active: boolean;
  state?: string;
  version?: string;
  tasks_running?: number;
}

export interface FrameworkJson {
  id: string;
  name: string;
  user?: string;
  roles?: string[];
  principal?: string;
  webui_url?: string;
  active: boolean;
  connected: boolean;
  recovered?: boolean;
  registered_time?: number;
  unregistered_time?: number;
  used_resources: ResourcesJson;
  tasks: TaskJson[];
  completed_tasks: TaskJson[];
}

export interface MasterStateJson {
  version: string;
  id: string;
  hostname: string;
  start_time: number;
  elected_time?: number;
  cluster?: string;
  leader?: string;
  slaves: AgentJson[];
  frameworks: FrameworkJson[];
  completed_frameworks: FrameworkJson[];
}

export type BadgeKind = 'ok' | 'warn' | 'bad' | 'info';

const num = (r: ResourcesJson | undefined, name: string): number => {
  const v = r?.[name];
  return typeof v === 'number' ? v : 0;
};

/** `cpus 4 · mem 2.0 GB · disk 4.0 GB · ports [31000-31099]` (GPUs and other names only when present). */
export function resourcesText(r: ResourcesJson | undefined): string {
  if (!r) return '—';
  const parts = [`cpus ${formatCpus(num(r, 'cpus'))}`, `mem ${formatMb(num(r, 'mem'))}`, `disk ${formatMb(num(r, 'disk'))}`];
  if (num(r, 'gpus') > 0) parts.push(`gpus ${num(r, 'gpus')}`);
  for (const [name, value] of Object.entries(r)) {
    if (['cpus', 'mem', 'disk', 'gpus'].includes(name)) continue;
    if (typeof value === 'string' ? value !== '' && value !== '[]' && value !== '{}' : value !== 0) parts.push(`${name} ${value}`);
  }
  return parts.join(' · ');
}

/** `rack:r1, zone:a`, or `—`. */
export function attributesText(attributes: Record<string, string | number> | undefined): string {
  const entries = Object.entries(attributes ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length > 0 ? entries.map(([k, v]) => `${k}:${v}`).join(', ') : '—';
}

/** An agent's health as Mesos shows it: active, disconnected (or recovered, not yet back) or unreachable. */
export function agentHealth(a: AgentJson): { text: string; kind: BadgeKind } {
  if (a.active) return { text: 'active', kind: 'ok' };
  if (a.state === 'unreachable') return { text: 'unreachable', kind: 'bad' };
  return { text: a.state === 'recovered' ? 'recovered' : 'disconnected', kind: 'warn' };
}

/** A framework's state: active, disconnected (may fail over), or inactive (recovered, not yet back). */
export function frameworkHealth(f: FrameworkJson): { text: string; kind: BadgeKind } {
  if (f.recovered) return { text: 'inactive', kind: 'warn' };
  if (!f.connected) return { text: 'disconnected', kind: 'warn' };
  return f.active ? { text: 'active', kind: 'ok' } : { text: 'inactive', kind: 'warn' };
}

const GOOD = new Set(['TASK_RUNNING', 'TASK_FINISHED']);
const BAD = new Set(['TASK_FAILED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR']);
const PENDING = new Set(['TASK_STAGING', 'TASK_STARTING', 'TASK_KILLING', 'TASK_UNREACHABLE', 'TASK_UNKNOWN']);

/** `TASK_RUNNING` → `RUNNING` and a colour. */
export function taskBadge(state: string): { text: string; kind: BadgeKind } {
  const kind: BadgeKind = GOOD.has(state) ? 'ok' : BAD.has(state) ? 'bad' : PENDING.has(state) ? 'warn' : 'info';
  return { text: state.replace(/^TASK_/, ''), kind };
}

const TERMINAL = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR']);

/** A framework's tasks that are neither finished nor unreachable. */
export function activeTaskCount(f: FrameworkJson): number {
  return f.tasks.filter((t) => !TERMINAL.has(t.state) && t.state !== 'TASK_UNREACHABLE').length;
}

/** When the task started: its first TASK_RUNNING status, else its first status (staged); seconds. */
export function taskStartTime(t: TaskJson): number | undefined {
  return (t.statuses.find((s) => s.state === 'TASK_RUNNING') ?? t.statuses[0])?.timestamp;
}

export interface TaskRow {
  task: TaskJson;
  framework: string;
  agent: string;
  started?: number;
  active: boolean;
}

/** Every task of every framework (live first, then completed), with its framework name and agent address. */
export function taskRows(state: MasterStateJson): TaskRow[] {
  const agents = new Map(state.slaves.map((a) => [a.id, `${a.hostname}:${a.port}`]));
  const rows: TaskRow[] = [];
  for (const f of [...state.frameworks, ...state.completed_frameworks]) {
    const live = state.frameworks.includes(f);
    for (const [tasks, active] of [[f.tasks, live], [f.completed_tasks, false]] as const) {
      for (const task of tasks) rows.push({ task, framework: f.name || f.id, agent: agents.get(task.slave_id) ?? task.slave_id, started: taskStartTime(task), active });
    }
  }
  // Newest first within each group; ties by id so the order is stable between refreshes.
  const order = (a: TaskRow, b: TaskRow) => Number(b.active) - Number(a.active) || (b.started ?? 0) - (a.started ?? 0) || a.task.id.localeCompare(b.task.id);
  return rows.sort(order);
}

/** Counts of tasks per state (live and completed), in a fixed order of states. */
export function tasksByState(rows: readonly TaskRow[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const { task } of rows) counts.set(task.state, (counts.get(task.state) ?? 0) + 1);
  const order = ['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING', 'TASK_UNREACHABLE', 'TASK_FINISHED', 'TASK_KILLED', 'TASK_FAILED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED', 'TASK_GONE'];
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  return [...counts].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

export interface ClusterTotals {
  agents: { active: number; total: number; disconnected: number; unreachable: number };
  frameworks: { active: number; total: number; completed: number };
  used: { cpus: number; mem: number; disk: number };
  total: { cpus: number; mem: number; disk: number };
}

/** Agent and framework counts, and resources used against total over the active agents. */
export function clusterTotals(state: MasterStateJson): ClusterTotals {
  const active = state.slaves.filter((a) => a.active);
  const sum = (pick: (a: AgentJson) => ResourcesJson, name: string) => active.reduce((s, a) => s + num(pick(a), name), 0);
  const of = (pick: (a: AgentJson) => ResourcesJson) => ({ cpus: sum(pick, 'cpus'), mem: sum(pick, 'mem'), disk: sum(pick, 'disk') });
  return {
    agents: {
      active: active.length,
      total: state.slaves.length,
      disconnected: state.slaves.filter((a) => agentHealth(a).text !== 'active' && agentHealth(a).text !== 'unreachable').length,
      unreachable: state.slaves.filter((a) => agentHealth(a).text === 'unreachable').length,
    },
    frameworks: { active: state.frameworks.filter((f) => f.active).length, total: state.frameworks.length, completed: state.completed_frameworks.length },
    used: of((a) => a.used_resources),
    total: of((a) => a.resources),
  };
}

/** The master's link to a task's `stdout`/`stderr` (it answers with a redirect to the agent's `/files/download`). */
export function sandboxHref(t: TaskJson, file: 'stdout' | 'stderr'): string {
  const query = new URLSearchParams({ agent_id: t.slave_id, framework_id: t.framework_id, task_id: t.id, file });
  return `master/sandbox?${query.toString()}`;
}
