import { waitFor } from '@strato/testing';
// The SDK's own fake master (a real gRPC server); test-only, hence the deep import.
import { offerEvent, updateEvent } from '@strato/framework-sdk/src/testing/driver-harness';
import { FakeMaster } from '@strato/framework-sdk/src/testing/fake-master';
import type { ExampleConfig } from './config';
import { runExample } from './run';

let master: FakeMaster;
beforeEach(async () => {
  master = await FakeMaster.start();
});
afterEach(() => master.close());

const configFor = (tasks: number): ExampleConfig => ({ master: master.address, tasks, command: 'true', cpus: 0.5, mem: 32, name: 'ex', role: '*', failoverTimeoutMs: 0 });

/** The task ids the master was asked to launch, in order. */
const launchedTaskIds = () =>
  master.callsOf('accept').flatMap((a) => a.operations.flatMap((op) => (op.operation?.$case === 'launch' ? op.operation.value.taskInfos.map((t) => t.taskId) : [])));

describe('runExample against a fake master', () => {
  it('runs every task to TASK_FINISHED, acknowledges, tears down and exits 0', async () => {
    const lines: Record<string, unknown>[] = [];
    const run = runExample(configFor(3), { emit: (l) => lines.push(l) });
    await waitFor(() => master.openStreams === 1, { description: 'subscription' });
    master.emit(offerEvent({ id: 'o1', resources: 'cpus:1;mem:1024' }, { id: 'o2', resources: 'cpus:1;mem:1024', agentId: 'agent-2' }));
    await waitFor(() => launchedTaskIds().length === 3, { description: 'three launches' });
    expect(master.callsOf('accept').map((a) => a.offerIds)).toEqual([['o1'], ['o2']]);
    for (const [i, taskId] of launchedTaskIds().entries()) {
      master.emit(updateEvent(taskId, 'TASK_RUNNING', `u-run-${i}`));
      master.emit(updateEvent(taskId, 'TASK_FINISHED', `u-fin-${i}`));
    }
    expect(await run).toBe(0);
    expect(lines.filter((l) => l.event === 'update')).toHaveLength(6);
    expect(lines[lines.length - 1]).toMatchObject({ event: 'done', finished: 3, failed: 0, tasks: 3, framework_id: 'fw-1' });
    expect(master.callsOf('suppress')).toHaveLength(1);
    expect(master.callsOf('teardown')).toHaveLength(1);
    expect(master.callsOf('acknowledge').map((a) => a.uuid).sort()).toHaveLength(6);
  });

  it('exits 1 when a task fails', async () => {
    const lines: Record<string, unknown>[] = [];
    const run = runExample(configFor(1), { emit: (l) => lines.push(l) });
    await waitFor(() => master.openStreams === 1);
    master.emit(offerEvent({ id: 'o1' }));
    const [taskId] = await waitFor(() => (launchedTaskIds().length === 1 ? launchedTaskIds() : undefined));
    master.emit(updateEvent(taskId, 'TASK_FAILED', 'u1'));
    expect(await run).toBe(1);
    expect(lines[lines.length - 1]).toMatchObject({ event: 'done', finished: 0, failed: 1 });
  });

  it('on interrupt, reports, tears down and exits 1', async () => {
    const lines: Record<string, unknown>[] = [];
    const interrupt = new AbortController();
    const run = runExample(configFor(2), { emit: (l) => lines.push(l), interrupt: interrupt.signal });
    await waitFor(() => lines.some((l) => l.event === 'subscribed'));
    interrupt.abort('SIGTERM');
    expect(await run).toBe(1);
    expect(lines[lines.length - 1]).toMatchObject({ event: 'done', interrupted: 'SIGTERM', finished: 0, unfinished: 2 });
    expect(master.callsOf('teardown')).toHaveLength(1);
  });
});
