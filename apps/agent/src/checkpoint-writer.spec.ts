import { KeyValueStore, MemoryStore, StoreOp } from '@strato/coordination';
import { TaskState, TaskStatus } from '@strato/domain';
import * as pb from '@strato/proto';
import { Logger } from '@strato/service';
import { tempDir, waitFor } from '@strato/testing';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointStore, storeDir } from './checkpoint';
import { CheckpointWriter } from './checkpoint-writer';
import { fromCheckpoint, newRecord, pendingStatuses, TaskRecord } from './task-record';
import { makeStatus } from './task-status';
import { frameworkInfo } from './testing/fixtures';

const framework = frameworkInfo;
const taskInfo = (taskId: string): pb.TaskInfo => ({ taskId, name: taskId, agentId: '', resources: [], data: Buffer.alloc(0) });
// Ids with characters a store key may not hold, to go through the key escaping.
const record = (taskId: string, frameworkId = 'fw/1 é'): TaskRecord => newRecord('agent_1', framework(frameworkId), taskInfo(taskId), `c-${taskId}`);

let uuids = 0;
function addStatus(r: TaskRecord, state: TaskState): TaskStatus {
  const status = makeStatus(r.task.taskId, r.agentId, { state, source: 'SOURCE_EXECUTOR' }, 1000, `u${++uuids}`);
  r.statuses.push(status);
  return status;
}

/** A MemoryStore whose batches fail while `failing`, counting the attempts. */
class FlakyStore extends MemoryStore {
  failing = false;
  attempts = 0;
  override async batch(ops: readonly StoreOp[]): Promise<void> {
    this.attempts++;
    if (this.failing) throw new Error('disk full');
    return super.batch(ops);
  }
}

const quietLogger = () => ({ error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() }) as unknown as Logger & { error: jest.Mock };

function setup(store?: KeyValueStore) {
  const dir = tempDir('strato-agent-cp-');
  const checkpoints = new CheckpointStore(dir, store);
  const forwarded: { frameworkId: string; uuid: string }[] = [];
  const logger = quietLogger();
  const writer = new CheckpointWriter({ checkpoints, logger, forward: (frameworkId, s) => forwarded.push({ frameworkId, uuid: s.uuid! }) });
  return { dir, checkpoints, forwarded, writer, logger };
}

const journalLines = (dir: string) => readFileSync(join(storeDir(dir), 'journal.log'), 'utf8').split('\n').filter((l) => l).length;

describe('CheckpointWriter (group commit)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('writes every change of one event-loop turn in one journal line, then forwards the updates in order', async () => {
    const { dir, checkpoints, forwarded, writer } = setup();
    dirs.push(dir);
    const records = Array.from({ length: 20 }, (_, i) => record(`t${i}`));
    const sent: string[] = [];
    for (const r of records) for (const state of ['TASK_STARTING', 'TASK_RUNNING'] as const) {
      const status = addStatus(r, state);
      sent.push(status.uuid!);
      writer.send(r, status);
    }
    records[0].acknowledged = 1;
    writer.save(records[0]);
    expect(forwarded).toEqual([]); // nothing before the batch is durable

    await waitFor(() => forwarded.length === sent.length, { description: 'the updates to be forwarded' });
    expect(forwarded.map((f) => f.uuid)).toEqual(sent);
    expect(forwarded[0].frameworkId).toBe('fw/1 é');
    expect(journalLines(dir)).toBe(1);
    const { tasks } = await checkpoints.loadTasks();
    expect(tasks).toHaveLength(20);
    expect(tasks.find((t) => t.task.taskId === 't0')).toMatchObject({ acknowledged: 1, statuses: [{ state: 'TASK_STARTING' }, { state: 'TASK_RUNNING' }] });
    checkpoints.close();
  });

  it('forwards nothing while the write fails, retries at the next turn, and forwards once it succeeds', async () => {
    const store = new FlakyStore();
    store.failing = true;
    const { forwarded, writer, logger, checkpoints } = setup(store);
    const r = record('t1');
    const s1 = addStatus(r, 'TASK_STARTING');
    let s2!: TaskStatus;
    try {
      writer.send(r, s1);
      await waitFor(() => store.attempts >= 3, { description: 'retries of the failed batch' });
      s2 = addStatus(r, 'TASK_RUNNING');
      writer.send(r, s2);
      await waitFor(() => store.attempts >= 5, { description: 'more retries' });
      expect(forwarded).toEqual([]);
      expect(await checkpoints.loadTasks()).toEqual({ tasks: [], errors: [] });
      expect(logger.error).toHaveBeenCalledTimes(1); // once per streak of failures, not once per turn
    } finally {
      store.failing = false; // ends the retries even when an expectation failed
    }
    await waitFor(() => forwarded.length === 2, { description: 'the updates to be forwarded' });
    expect(forwarded.map((f) => f.uuid)).toEqual([s1.uuid, s2.uuid]);
    const { tasks } = await checkpoints.loadTasks();
    expect(tasks[0].statuses.map((s) => s.uuid)).toEqual([s1.uuid, s2.uuid]);
  });

  it('turns a removal into a delete of the next batch, superseding a pending save', async () => {
    const store = new FlakyStore();
    const { writer, checkpoints } = setup(store);
    const [kept, gone] = [record('kept'), record('gone')];
    writer.save(kept);
    writer.save(gone);
    await writer.flush();
    const before = store.attempts;
    gone.acknowledged = 1;
    writer.save(gone);
    writer.remove(gone);
    await writer.flush();
    expect(store.attempts).toBe(before + 1);
    expect((await checkpoints.loadTasks()).tasks.map((t) => t.task.taskId)).toEqual(['kept']);
  });

  it('writes nothing after close, and flushes on close', async () => {
    const store = new FlakyStore();
    const { writer, forwarded } = setup(store);
    const r = record('t1');
    writer.send(r, addStatus(r, 'TASK_FINISHED'));
    await writer.close();
    expect(forwarded).toHaveLength(1);
    writer.save(r);
    await writer.flush();
    expect(store.attempts).toBe(1);
    expect(writer.backlog()).toBe(1);
  });

  it('survives a restart: a new store returns the tasks and their unacknowledged updates', async () => {
    const { dir, writer, checkpoints } = setup();
    dirs.push(dir);
    const [a, b] = [record('a'), record('b', 'fw2')];
    for (const state of ['TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED'] as const) writer.send(a, addStatus(a, state));
    writer.send(b, addStatus(b, 'TASK_STARTING'));
    await writer.flush();
    a.acknowledged = 2;
    writer.save(a);
    await writer.close();
    checkpoints.close();

    const reopened = new CheckpointStore(dir);
    const { tasks, errors } = await reopened.loadTasks();
    reopened.close();
    expect(errors).toEqual([]);
    const byId = new Map(tasks.map((t) => [t.task.taskId, fromCheckpoint(t)]));
    expect([...byId.keys()].sort()).toEqual(['a', 'b']);
    expect(byId.get('a')).toMatchObject({ agentId: 'agent_1', frameworkId: 'fw/1 é', containerId: 'c-a', acknowledged: 2 });
    expect(pendingStatuses(byId.get('a')!).map((s) => s.uuid)).toEqual([a.statuses[2].uuid]);
    expect(pendingStatuses(byId.get('b')!).map((s) => s.state)).toEqual(['TASK_STARTING']);
  });
});
