import { stampChange } from '@strato/app-definition';
import { app, harness, noForce, T0 } from './test-harness';

async function running(instances: number, killChunkSize: number) {
  const h = await harness(undefined, { killChunkSize });
  await h.handle.core.createApp(app('/web', { instances, cpus: 0.1, mem: 16 }), noForce);
  await h.offer('o1');
  await h.statusAll('TASK_RUNNING');
  expect(h.repository.instances('/web')).toHaveLength(instances);
  return h;
}

async function scaleTo(h: Awaited<ReturnType<typeof running>>, instances: number): Promise<void> {
  const current = h.handle.core.app('/web')!;
  await h.handle.core.putApp(stampChange(current, { ...current, instances }, T0 + 1000), noForce);
  await h.handle.idle();
}

describe('kill chunks (--kill_chunk_size)', () => {
  it('keeps at most the chunk size of kills in flight and sends the next as tasks end', async () => {
    const h = await running(5, 2);
    await scaleTo(h, 0);
    expect(h.driver.kills).toHaveLength(2);
    expect(h.handle.killCounts()).toEqual({ inFlight: 2, waiting: 3 });

    await h.status(h.driver.kills[0], 'TASK_KILLED');
    expect(h.driver.kills).toHaveLength(3);
    for (const taskId of h.driver.kills.slice(1)) await h.status(taskId, 'TASK_KILLED');
    expect(h.driver.kills).toHaveLength(5);
    for (const taskId of h.driver.kills.slice(3)) await h.status(taskId, 'TASK_KILLED');
    expect(new Set(h.driver.kills).size).toBe(5);
    expect(h.repository.instances('/web')).toEqual([]);
    expect(h.handle.killCounts()).toEqual({ inFlight: 0, waiting: 0 });
  });

  it('re-sends the kills in flight on retry without taking new slots, and frees a waiting one that ends on its own', async () => {
    const h = await running(3, 1);
    await scaleTo(h, 0);
    const [first] = h.driver.kills;
    expect(h.driver.kills).toEqual([first]);
    await h.advance(30_000); // --kill_retry_timeout
    expect(h.driver.kills).toEqual([first, first]);
    const waitingTask = h.driver.tasks().map((t) => t.taskId).find((id) => id !== first)!;
    await h.status(waitingTask, 'TASK_FINISHED'); // ends before its kill went out
    expect(h.handle.killCounts()).toEqual({ inFlight: 1, waiting: 1 });
    await h.status(first, 'TASK_KILLED');
    expect(h.driver.kills).toHaveLength(3);
    expect(h.driver.kills).not.toContain(waitingTask);
  });
});
