// `#/`: counts of agents, frameworks and tasks by state; CPU, memory and disk used against total.
import { bar, details, formatCpus, formatMb, formatTime, h } from '@strato/ui';
import { card, dataTable, page, stat, statusBadge } from './common';
import { clusterTotals, MasterStateJson, taskBadge, taskRows, tasksByState } from './model';

export function overviewPage(state: MasterStateJson): HTMLElement {
  const totals = clusterTotals(state);
  const rows = taskRows(state);
  const running = rows.filter((r) => r.task.state === 'TASK_RUNNING').length;
  const { agents, frameworks } = totals;
  const agentNote = [agents.disconnected ? `${agents.disconnected} disconnected` : '', agents.unreachable ? `${agents.unreachable} unreachable` : ''].filter(Boolean).join(', ');
  return page(
    'Cluster overview',
    h(
      'section',
      { class: 'grid', 'aria-label': 'Counts', style: 'margin-bottom: 1rem' },
      stat('Agents', `${agents.active} / ${agents.total}`, agentNote || 'active / total'),
      stat('Frameworks', String(frameworks.active), `active (${frameworks.total} registered, ${frameworks.completed} completed)`),
      stat('Tasks', String(running), `running (${rows.filter((r) => r.active).length} active, ${rows.length} in all)`),
    ),
    card(
      'Resources of the active agents',
      bar('CPUs', totals.used.cpus, totals.total.cpus, formatCpus),
      bar('Memory', totals.used.mem, totals.total.mem, formatMb),
      bar('Disk', totals.used.disk, totals.total.disk, formatMb),
    ),
    dataTable(
      'Tasks by state',
      ['State', 'Tasks'],
      tasksByState(rows).map(([s, n]) => [statusBadge(taskBadge(s)), String(n)]),
      'No tasks yet.',
    ),
    card(
      'Master',
      details([
        ['ID', state.id],
        ['Cluster', state.cluster || '—'],
        ['Version', state.version],
        ['Leader', state.leader ?? '—'],
        ['Started', formatTime(state.start_time)],
        ['Elected', formatTime(state.elected_time)],
      ]),
    ),
  );
}
