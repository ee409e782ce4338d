// `#/tasks`: state, agent, start time and sandbox output of every task.
import { formatTime, h } from '@strato/ui';
import { dataTable, page, statusBadge } from './common';
import { MasterStateJson, sandboxHref, taskBadge, TaskRow, taskRows } from './model';

/** Completed tasks shown at most (the newest). */
const COMPLETED_SHOWN = 200;

function sandboxLinks(row: TaskRow): HTMLElement {
  const link = (file: 'stdout' | 'stderr') =>
    h('a', { href: sandboxHref(row.task, file), 'aria-label': `${file} of ${row.task.id}`, 'data-file': file }, file);
  return h('span', { class: 'sandbox' }, link('stdout'), ' · ', link('stderr'));
}

/** A table of tasks: ID, name, framework, state, agent, start time, output links. */
export function tasksTable(caption: string, rows: readonly TaskRow[], empty = 'No tasks.'): HTMLElement {
  return dataTable(
    caption,
    ['ID', 'Name', 'Framework', 'State', 'Agent', 'Started', 'Sandbox'],
    rows.map((r) => [
      h('span', { 'data-task-id': r.task.id }, r.task.id),
      r.task.name,
      r.framework,
      statusBadge(taskBadge(r.task.state)),
      h('a', { href: `#/agents/${encodeURIComponent(r.task.slave_id)}` }, r.agent),
      formatTime(r.started),
      sandboxLinks(r),
    ]),
    empty,
  );
}

export function tasksPage(state: MasterStateJson): HTMLElement {
  const rows = taskRows(state);
  const completed = rows.filter((r) => !r.active);
  return page(
    'Tasks',
    tasksTable('Active tasks', rows.filter((r) => r.active), 'No active tasks.'),
    tasksTable(completed.length > COMPLETED_SHOWN ? `Completed tasks (newest ${COMPLETED_SHOWN} of ${completed.length})` : 'Completed tasks', completed.slice(0, COMPLETED_SHOWN), 'No completed tasks.'),
  );
}
