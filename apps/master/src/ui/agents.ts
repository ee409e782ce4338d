// `#/agents` and `#/agents/:id`: resources, used, attributes and health of each agent.
import { bar, details, formatCpus, formatMb, formatTime, h } from '@strato/ui';
import { card, dataTable, page, statusBadge } from './common';
import { agentHealth, AgentJson, attributesText, MasterStateJson, resourcesText, taskRows } from './model';
import { tasksTable } from './tasks';

const address = (a: AgentJson) => `${a.hostname}:${a.port}`;

export function agentsPage(state: MasterStateJson): HTMLElement {
  const agents = [...state.slaves].sort((a, b) => address(a).localeCompare(address(b)) || a.id.localeCompare(b.id));
  return page(
    'Agents',
    dataTable(
      `${agents.filter((a) => a.active).length} of ${agents.length} agents active`,
      ['ID', 'Address', 'Resources', 'Used', 'Attributes', 'Running tasks', 'Health'],
      agents.map((a) => [
        h('a', { href: `#/agents/${encodeURIComponent(a.id)}` }, a.id),
        h('span', { style: 'white-space: nowrap' }, address(a)),
        resourcesText(a.resources),
        resourcesText(a.used_resources),
        attributesText(a.attributes),
        String(a.tasks_running ?? 0),
        statusBadge(agentHealth(a)),
      ]),
      'No agent has registered.',
    ),
  );
}

export function agentPage(state: MasterStateJson, id: string): HTMLElement {
  const a = state.slaves.find((s) => s.id === id);
  if (!a) return page('Agent not found', h('p', null, `No agent with ID ${id} is known to this master. `, h('a', { href: '#/agents' }, 'All agents')));
  const num = (name: string, r = a.resources) => (typeof r[name] === 'number' ? (r[name] as number) : 0);
  return page(
    `Agent ${address(a)}`,
    card(
      'Agent',
      details([
        ['ID', a.id],
        ['Health', statusBadge(agentHealth(a))],
        ['PID', a.pid],
        ['Version', a.version ?? '—'],
        ['Registered', formatTime(a.registered_time)],
        ['Re-registered', formatTime(a.reregistered_time)],
        ['Unreachable since', formatTime(a.unreachable_time)],
        ['Attributes', attributesText(a.attributes)],
        ['Resources', resourcesText(a.resources)],
        ['Used', resourcesText(a.used_resources)],
        ['Offered', resourcesText(a.offered_resources)],
      ]),
    ),
    card(
      'Used resources',
      bar('CPUs', num('cpus', a.used_resources), num('cpus'), formatCpus),
      bar('Memory', num('mem', a.used_resources), num('mem'), formatMb),
      bar('Disk', num('disk', a.used_resources), num('disk'), formatMb),
    ),
    tasksTable('Tasks on this agent', taskRows(state).filter((r) => r.task.slave_id === a.id)),
  );
}
