import { activeTaskCount, agentHealth, AgentJson, attributesText, clusterTotals, FrameworkJson, frameworkHealth, MasterStateJson, resourcesText, sandboxHref, taskBadge, TaskJson, taskRows, tasksByState, taskStartTime } from './model';

const agent = (id: string, extra: Partial<AgentJson> = {}): AgentJson => ({
  id,
  pid: `slave(1)@h-${id}:5051`,
  hostname: `h-${id}`,
  port: 5051,
  resources: { cpus: 4, mem: 2048, disk: 4096, gpus: 0, ports: '[31000-31099]' },
  used_resources: { cpus: 1, mem: 512, disk: 0, gpus: 0 },
  attributes: {},
  active: true,
  state: 'active',
  ...extra,
});

const task = (id: string, state: string, statuses: [string, number][] = [], extra: Partial<TaskJson> = {}): TaskJson => ({
  id,
  name: id,
  framework_id: 'fw-1',
  slave_id: 'a1',
  state,
  resources: { cpus: 0.1, mem: 32 },
  statuses: statuses.map(([s, timestamp]) => ({ state: s, timestamp })),
  ...extra,
});

const framework = (id: string, tasks: TaskJson[], completed: TaskJson[] = [], extra: Partial<FrameworkJson> = {}): FrameworkJson => ({
  id,
  name: `name-${id}`,
  active: true,
  connected: true,
  used_resources: {},
  tasks,
  completed_tasks: completed,
  ...extra,
});

const state = (extra: Partial<MasterStateJson>): MasterStateJson => ({ version: '1', id: 'm', hostname: 'h', start_time: 0, slaves: [], frameworks: [], completed_frameworks: [], ...extra });

describe('master UI model', () => {
  it('writes resources and attributes as people read them', () => {
    expect(resourcesText(agent('a').resources)).toBe('cpus 4 · mem 2.0 GB · disk 4.0 GB · ports [31000-31099]');
    expect(resourcesText({ cpus: 0.30000000000000004, mem: 32, disk: 0, gpus: 1, ports: '[]' })).toBe('cpus 0.3 · mem 32 MB · disk 0 MB · gpus 1');
    expect(resourcesText(undefined)).toBe('—');
    expect(attributesText({ zone: 'a', rack: 'r1', index: 0 })).toBe('index:0, rack:r1, zone:a');
    expect(attributesText({})).toBe('—');
  });

  it('derives agent, framework and task health', () => {
    expect(agentHealth(agent('a'))).toEqual({ text: 'active', kind: 'ok' });
    expect(agentHealth(agent('a', { active: false, state: 'disconnected' }))).toEqual({ text: 'disconnected', kind: 'warn' });
    expect(agentHealth(agent('a', { active: false, state: 'recovered' }))).toEqual({ text: 'recovered', kind: 'warn' });
    expect(agentHealth(agent('a', { active: false, state: 'unreachable' }))).toEqual({ text: 'unreachable', kind: 'bad' });
    expect(frameworkHealth(framework('f', []))).toEqual({ text: 'active', kind: 'ok' });
    expect(frameworkHealth(framework('f', [], [], { connected: false }))).toEqual({ text: 'disconnected', kind: 'warn' });
    expect(frameworkHealth(framework('f', [], [], { active: false, connected: false, recovered: true }))).toEqual({ text: 'inactive', kind: 'warn' });
    expect([taskBadge('TASK_RUNNING'), taskBadge('TASK_FAILED'), taskBadge('TASK_STAGING'), taskBadge('TASK_KILLED')]).toEqual([
      { text: 'RUNNING', kind: 'ok' },
      { text: 'FAILED', kind: 'bad' },
      { text: 'STAGING', kind: 'warn' },
      { text: 'KILLED', kind: 'info' },
    ]);
    expect(activeTaskCount(framework('f', [task('a', 'TASK_RUNNING'), task('b', 'TASK_FINISHED'), task('c', 'TASK_UNREACHABLE'), task('d', 'TASK_STAGING')]))).toBe(2);
  });

  it('starts a task at its first RUNNING status, else when it was staged', () => {
    expect(taskStartTime(task('t', 'TASK_RUNNING', [['TASK_STAGING', 10], ['TASK_STARTING', 11], ['TASK_RUNNING', 12], ['TASK_RUNNING', 20]]))).toBe(12);
    expect(taskStartTime(task('t', 'TASK_STAGING', [['TASK_STAGING', 10]]))).toBe(10);
    expect(taskStartTime(task('t', 'TASK_STAGING'))).toBeUndefined();
  });

  it('lists live tasks before completed ones, newest first, with framework names and agent addresses', () => {
    const s = state({
      slaves: [agent('a1')],
      frameworks: [framework('fw-1', [task('old', 'TASK_RUNNING', [['TASK_RUNNING', 5]]), task('new', 'TASK_RUNNING', [['TASK_RUNNING', 9]])], [task('done', 'TASK_FINISHED', [['TASK_RUNNING', 7]])])],
      completed_frameworks: [framework('fw-0', [], [task('gone', 'TASK_KILLED', [['TASK_RUNNING', 1]], { slave_id: 'a9' })])],
    });
    const rows = taskRows(s);
    expect(rows.map((r) => [r.task.id, r.active, r.framework, r.agent])).toEqual([
      ['new', true, 'name-fw-1', 'h-a1:5051'],
      ['old', true, 'name-fw-1', 'h-a1:5051'],
      ['done', false, 'name-fw-1', 'h-a1:5051'],
      ['gone', false, 'name-fw-0', 'a9'],
    ]);
    expect(tasksByState(rows)).toEqual([['TASK_RUNNING', 2], ['TASK_FINISHED', 1], ['TASK_KILLED', 1]]);
  });

  it('sums resources over the active agents only and counts agents by health', () => {
    const s = state({
      slaves: [agent('a1'), agent('a2'), agent('a3', { active: false, state: 'unreachable' }), agent('a4', { active: false, state: 'disconnected' })],
      frameworks: [framework('f1', []), framework('f2', [], [], { active: false })],
      completed_frameworks: [framework('f0', [])],
    });
    expect(clusterTotals(s)).toEqual({
      agents: { active: 2, total: 4, disconnected: 1, unreachable: 1 },
      frameworks: { active: 1, total: 2, completed: 1 },
      used: { cpus: 2, mem: 1024, disk: 0 },
      total: { cpus: 8, mem: 4096, disk: 8192 },
    });
  });

  it('links a task output to the master, which redirects to the agent', () => {
    expect(sandboxHref(task('web 1', 'TASK_RUNNING'), 'stdout')).toBe('master/sandbox?agent_id=a1&framework_id=fw-1&task_id=web+1&file=stdout');
  });
});
