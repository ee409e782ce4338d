import { startProcess } from '@strato/testing';
import { join } from 'node:path';
import { TestCluster } from './support/cluster';

const EXAMPLE_BIN = join(__dirname, '..', '..', 'tools', 'example-framework', 'bin', 'strato-example-framework.js');

describe('example framework on a real cluster', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.start({ agents: 2 });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('launches 20 tasks across 2 agents and sees each RUNNING then FINISHED', async () => {
    const framework = startProcess('example', process.execPath, {
      args: [EXAMPLE_BIN, `--master=${cluster.masterAddress}`, '--tasks=20', '--command=echo hi from $MESOS_TASK_ID on $HOST', '--cpus=0.5', '--mem=64'],
      logFile: join(cluster.dir, 'example.log'),
    });
    const code = await framework.wait();
    const events = framework.logs
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { event?: string; task_id?: string; state?: string; agent_id?: string; finished?: number });
    const updates = events.filter((e) => e.event === 'update');
    const tasks = new Set(updates.map((u) => u.task_id));
    expect(tasks.size).toBe(20);
    for (const id of tasks) {
      const states = updates.filter((u) => u.task_id === id).map((u) => u.state);
      expect(states).toContain('TASK_RUNNING');
      expect(states[states.length - 1]).toBe('TASK_FINISHED');
      expect(states.indexOf('TASK_RUNNING')).toBeLessThan(states.indexOf('TASK_FINISHED'));
    }
    const agents = new Set(updates.map((u) => u.agent_id));
    expect(agents.size).toBe(2);
    expect(events.find((e) => e.event === 'done')?.finished).toBe(20);
    expect(code).toBe(0);
    const metrics = await cluster.metrics();
    expect(metrics['master/tasks_finished']).toBe(20);
    expect(metrics['master/tasks_running']).toBe(0);
  });
});
