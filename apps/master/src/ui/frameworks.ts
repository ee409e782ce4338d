// `#/frameworks`: roles, used resources, active tasks and state of each framework.
import { Child, formatTime, h } from '@strato/ui';
import { dataTable, page, statusBadge } from './common';
import { activeTaskCount, frameworkHealth, FrameworkJson, MasterStateJson, resourcesText } from './model';

function rows(frameworks: readonly FrameworkJson[], completed: boolean): Child[][] {
  return [...frameworks]
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((f) => [
      /^https?:\/\//.test(f.webui_url ?? '') ? h('a', { href: f.webui_url }, f.name || '(unnamed)') : f.name || '(unnamed)',
      f.id,
      (f.roles ?? []).join(', ') || '*',
      resourcesText(f.used_resources),
      String(activeTaskCount(f)),
      completed ? statusBadge({ text: 'completed', kind: 'info' }) : statusBadge(frameworkHealth(f)),
      formatTime(completed ? f.unregistered_time : f.registered_time),
    ]);
}

export function frameworksPage(state: MasterStateJson): HTMLElement {
  const headers = ['Name', 'ID', 'Roles', 'Used', 'Active tasks', 'State'];
  return page(
    'Frameworks',
    dataTable('Registered frameworks', [...headers, 'Registered'], rows(state.frameworks, false), 'No framework is registered.'),
    dataTable('Completed frameworks', [...headers, 'Removed'], rows(state.completed_frameworks, true), 'None.'),
  );
}
