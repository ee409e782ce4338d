import { sequentialIds } from '@strato/clock';
import type { Offer, TaskInfo, TaskState, TaskStatus } from '@strato/domain';
import { unavailable } from '@strato/errors';
import type { Filters, ReconcileTask } from '@strato/framework-sdk';
import { Resources } from '@strato/resources';
import type { ExampleConfig } from './config';
import { ExampleDriver, ExampleScheduler } from './example-scheduler';

const config: ExampleConfig = { master: 'm:1', tasks: 3, command: 'true', cpus: 1, mem: 32, name: 'ex', role: '*', failoverTimeoutMs: 0 };

const offer = (id: string, cpus: number): Offer => ({
  id,
  frameworkId: 'fw-1',
  agentId: `agent-${id}`,
  hostname: `host-${id}`,
  resources: Resources.parse(`cpus:${cpus};mem:1024`),
  attributes: [],
  role: '*',
});

const status = (taskId: string, state: TaskState): TaskStatus => ({
  taskId,
  state,
  message: `${state} msg`,
  source: 'SOURCE_EXECUTOR',
  reason: 'REASON_UNSPECIFIED',
  agentId: 'agent-a',
  timestamp: 1,
  labels: [],
});

class FakeDriver implements ExampleDriver {
  readonly launched: { offerIds: string[]; tasks: TaskInfo[] }[] = [];
  readonly declined: string[][] = [];
  readonly reconciled: ReconcileTask[][] = [];
  suppressed = 0;
  failLaunches = false;
  async launch(offerIds: string | readonly string[], tasks: readonly TaskInfo[], _filters?: Filters): Promise<void> {
    if (this.failLaunches) throw unavailable('master gone');
    this.launched.push({ offerIds: [offerIds].flat(), tasks: [...tasks] });
  }
  async decline(offerIds: string | readonly string[]): Promise<void> {
    this.declined.push([offerIds].flat());
  }
  async suppress(): Promise<void> {
    this.suppressed++;
  }
  async reconcile(tasks: readonly ReconcileTask[] = []): Promise<void> {
    this.reconciled.push([...tasks]);
  }
}

function setup(cfg = config) {
  const lines: Record<string, unknown>[] = [];
  const driver = new FakeDriver();
  const scheduler = new ExampleScheduler(cfg, (l) => lines.push(l), sequentialIds('t'));
  scheduler.attach(driver);
  return { lines, driver, scheduler };
}

describe('ExampleScheduler', () => {
  it('launches N tasks across offers, declines leftovers, then suppresses', async () => {
    const { driver, scheduler } = setup();
    await scheduler.offers([offer('a', 2), offer('b', 0.5)]);
    expect(driver.launched.map((l) => [l.offerIds, l.tasks.map((t) => t.taskId)])).toEqual([[['a'], ['t0', 't1']]]);
    expect(driver.declined).toEqual([['b']]);
    expect(driver.suppressed).toBe(0);
    await scheduler.offers([offer('c', 4)]);
    expect(driver.launched[1].tasks.map((t) => t.taskId)).toEqual(['t2']);
    expect(driver.launched[1].tasks[0].command?.value).toBe('true');
    expect(driver.suppressed).toBe(1);
    await scheduler.offers([offer('d', 4)]);
    expect(driver.launched).toHaveLength(2);
    expect(driver.declined).toEqual([['b'], ['d']]);
  });

  it('prints every update and settles with the tally once all tasks ended', async () => {
    const { lines, scheduler } = setup();
    await scheduler.offers([offer('a', 3)]);
    scheduler.update(status('t0', 'TASK_RUNNING'));
    scheduler.update(status('t0', 'TASK_FINISHED'));
    scheduler.update(status('t1', 'TASK_FAILED'));
    scheduler.update(status('t1', 'TASK_FAILED')); // a duplicate delivery counts once
    scheduler.update(status('t2', 'TASK_FINISHED'));
    const outcome = await scheduler.outcome;
    expect(outcome).toMatchObject({ tasks: 3, finished: 2, failed: 1, unfinished: 0, states: { TASK_FINISHED: 2, TASK_FAILED: 1 } });
    const updates = lines.filter((l) => l.event === 'update');
    expect(updates).toHaveLength(5);
    expect(updates[0]).toEqual({ event: 'update', task_id: 't0', state: 'TASK_RUNNING', agent_id: 'agent-a', message: 'TASK_RUNNING msg', reason: 'REASON_UNSPECIFIED' });
  });

  it('counts tasks whose launch call failed as failed', async () => {
    const { lines, driver, scheduler } = setup({ ...config, tasks: 1 });
    driver.failLaunches = true;
    await scheduler.offers([offer('a', 3)]);
    expect(await scheduler.outcome).toMatchObject({ finished: 0, failed: 1, states: { LAUNCH_FAILED: 1 } });
    expect(lines).toContainEqual({ event: 'launch_failed', task_id: 't0', message: 'master gone' });
  });

  it('reconciles running tasks after a re-subscription', async () => {
    const { driver, scheduler } = setup();
    const master = { id: 'm', hostname: 'h', ip: '', port: 0, grpcPort: 1, version: '', pid: '' };
    await scheduler.offers([offer('a', 3)]);
    scheduler.update(status('t0', 'TASK_FINISHED'));
    await scheduler.subscribed('fw-1', master, { reconnected: false, heartbeatIntervalMs: 15_000 });
    expect(driver.reconciled).toEqual([]);
    await scheduler.subscribed('fw-1', master, { reconnected: true, heartbeatIntervalMs: 15_000 });
    expect(driver.reconciled).toEqual([
      [
        { taskId: 't1', agentId: 'agent-a' },
        { taskId: 't2', agentId: 'agent-a' },
      ],
    ]);
  });

  it('settles on interrupt and on an ERROR from the master', async () => {
    const interrupted = setup();
    interrupted.scheduler.interrupt('SIGINT');
    expect(await interrupted.scheduler.outcome).toMatchObject({ interrupted: 'SIGINT', finished: 0, unfinished: 3 });
    const refused = setup();
    refused.scheduler.error('framework removed');
    expect(await refused.scheduler.outcome).toMatchObject({ error: 'framework removed' });
    expect(refused.lines).toContainEqual({ event: 'error', message: 'framework removed' });
  });
});
