import { FakeClock } from '@strato/clock';
import * as pb from '@strato/proto';
import { Logger, Metrics } from '@strato/service';
import { tempDir, waitFor } from '@strato/testing';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointStore, storeDir } from './checkpoint';
import { Containerizer } from './containerizer';
import { Fetcher } from './fetcher';
import { StatusUpdate, StatusUpdateManager } from './status-updates';
import { TaskManager } from './task-manager';
import { recoverTasks } from './task-recovery';
import { frameworkInfo } from './testing/fixtures';

const framework = frameworkInfo('fw1');
// A '/' in the id makes the task invalid: it ends in TASK_ERROR at once, without a container.
const invalidTask = (n: number): pb.TaskInfo => ({ taskId: `bad/${n}`, name: 'bad', agentId: '', resources: [], data: Buffer.alloc(0) });
const logger = { error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() } as unknown as Logger;

/** A TaskManager on a real checkpoint store in `workDir`, with the updates it forwards collected. */
function agentParts(workDir: string) {
  const clock = new FakeClock(1_000);
  const sent: StatusUpdate[] = [];
  const updates = new StatusUpdateManager({ clock, retryMinMs: 60_000, forward: (u) => sent.push(u) });
  updates.resume();
  const checkpoints = new CheckpointStore(workDir);
  const containerizer = { destroyOrphans: async () => [] } as unknown as Containerizer;
  let id = 0;
  const tasks = new TaskManager({
    workDir,
    hostname: 'host',
    clock,
    ids: { next: () => `id-${++id}` },
    containerizer,
    fetcher: {} as Fetcher,
    checkpoints,
    updates,
    logger,
    metrics: new Metrics(),
    defaultKillGracePeriodMs: 1_000,
    agentId: () => 'agent-1',
    agentEnv: {},
    sendUnreliable: () => undefined,
  });
  return { tasks, updates, sent, checkpoints, containerizer };
}

const journalLines = (workDir: string) => readFileSync(join(storeDir(workDir), 'journal.log'), 'utf8').split('\n').filter((l) => l).length;

describe('TaskManager checkpoints', () => {
  let workDir: string;
  beforeEach(() => (workDir = tempDir('strato-agent-tm-')));
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  it('checkpoints the updates of one turn in one batch before forwarding them, and recovers them after a restart', async () => {
    const first = agentParts(workDir);
    for (let n = 0; n < 5; n++) first.tasks.run(framework, invalidTask(n));
    expect(first.sent).toEqual([]); // generated, but not durable yet
    await waitFor(() => first.sent.length === 5, { description: 'the TASK_ERROR updates to be forwarded' });
    expect(journalLines(workDir)).toBe(1);
    expect(first.sent.map((u) => u.status.state)).toEqual(Array(5).fill('TASK_ERROR'));

    const acked = first.sent[0].status;
    first.tasks.acknowledge('fw1', acked.taskId, acked.uuid!); // terminal and acknowledged: forgotten
    expect(first.tasks.list()).toHaveLength(4);
    await first.tasks.killAll(); // flushes the pending delete
    expect(journalLines(workDir)).toBe(2);
    await first.tasks.closeCheckpoints();
    first.checkpoints.close();

    const second = agentParts(workDir);
    await recoverTasks({ checkpoints: second.checkpoints, containerizer: second.containerizer, tasks: second.tasks, logger });
    expect(second.tasks.list().map((r) => r.task.taskId).sort()).toEqual(['bad/1', 'bad/2', 'bad/3', 'bad/4']);
    expect(second.updates.pendingCount()).toBe(4); // the unacknowledged TASK_ERRORs, to be delivered again
    expect(second.updates.pending('fw1', 'bad/1').map((s) => s.uuid)).toEqual([first.sent[1].status.uuid]);
    second.checkpoints.close();
  });
});

describe('TaskManager spawn gate', () => {
  let workDir: string;
  beforeEach(() => (workDir = tempDir('strato-agent-gate-')));
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  it('never spawns a task killed while its sandbox was being made, and reports it killed during launch', async () => {
    const parts = agentParts(workDir);
    const launched: string[] = [];
    Object.assign(parts.containerizer, {
      unsupported: () => undefined,
      launch: async (config: { containerId: string }) => (launched.push(config.containerId), { containerId: config.containerId, recovery: { pgid: 1, bootId: '' } }),
      wait: () => new Promise(() => undefined),
      kill: () => undefined,
    });
    const task = (taskId: string): pb.TaskInfo => ({
      taskId, name: taskId, agentId: '', resources: [], data: Buffer.alloc(0),
      command: { uris: [], shell: true, value: 'sleep 100', arguments: [], user: '' },
    });
    parts.tasks.run(framework, task('first'));
    parts.tasks.run(framework, task('second'));
    for (let i = 0; i < 5; i++) await Promise.resolve(); // both launches are now making their sandboxes
    parts.tasks.kill(framework.id, 'second', undefined);
    // Updates of a task go out one at a time (each waits for its ack), so look at the second task's stream.
    const killedUpdate = () => parts.updates.pending(framework.id, 'second').find((s) => s.state === 'TASK_KILLED');
    await waitFor(() => killedUpdate() !== undefined, { description: 'second to be reported killed' });
    parts.tasks.run(framework, task('third'));
    await waitFor(() => parts.updates.pending(framework.id, 'third').some((s) => s.state === 'TASK_RUNNING'), { description: 'third to run' });
    expect(killedUpdate()?.reason).toBe('REASON_TASK_KILLED_DURING_LAUNCH');
    expect(launched).toHaveLength(2); // first and third
  });
});
