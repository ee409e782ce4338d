import { startCore, T0 } from './testing/harness';

const iso = (ms: number) => new Date(ms).toISOString();

describe('retries and failures', () => {
  it('retries a failed run `retries` times (attempt in the task id), then counts one error and notifies', async () => {
    const h = await startCore();
    await h.core.upsert('iso8601', { name: 'flaky', command: 'false', schedule: `R1/${iso(T0 + 100)}/PT1H`, retries: 2 });
    await h.advance(100);
    await h.finishAll('TASK_FAILED');
    expect(h.driver.taskIds()).toHaveLength(1);
    await h.advance(1000); // --failure_retry
    await h.finishAll('TASK_FAILED');
    await h.advance(1000);
    await h.finishAll('TASK_FAILED');
    await h.advance(5000);
    expect(h.driver.taskIds()).toEqual([`ct:${T0 + 100}:0:flaky:`, `ct:${T0 + 100}:1:flaky:`, `ct:${T0 + 100}:2:flaky:`]);
    expect(h.job('flaky')).toMatchObject({ errorCount: 1, errorsSinceLastSuccess: 1, successCount: 0 });
    expect(h.job('flaky').lastError).not.toBe('');
    expect(h.notifier.sent.map((n) => n.kind)).toEqual(['failed']);
    expect(h.core.history('flaky').map((r) => [r.attempt, r.state])).toEqual([[2, 'failure'], [1, 'failure'], [0, 'failure']]);
  });

  it('TASK_LOST counts as a failure, TASK_KILLED neither counts nor retries', async () => {
    const h = await startCore();
    await h.core.upsert('iso8601', { name: 'k', command: 'sleep 9', schedule: `R/${iso(T0 + 100)}/PT1H`, retries: 0 });
    await h.advance(100);
    await h.finishAll('TASK_KILLED');
    await h.advance(2000);
    expect(h.driver.taskIds()).toHaveLength(1);
    expect(h.job('k')).toMatchObject({ errorCount: 0, successCount: 0 });
    await h.core.runNow('k');
    await h.settle();
    await h.finishAll('TASK_LOST');
    expect(h.job('k')).toMatchObject({ errorCount: 1 });
  });

  it('disables a job after --disable_after_failures failures in a row, unless softError', async () => {
    const h = await startCore({ config: { disableAfterFailures: 2 } });
    for (const name of ['hard', 'soft']) await h.core.upsert('iso8601', { name, command: 'false', schedule: `R/${iso(T0 + 100)}/PT1M`, retries: 0, softError: name === 'soft' });
    await h.advance(100);
    await h.finishAll('TASK_FAILED');
    await h.advance(60_000);
    await h.finishAll('TASK_FAILED');
    expect(h.job('hard')).toMatchObject({ disabled: true, errorsSinceLastSuccess: 2 });
    expect(h.job('soft')).toMatchObject({ disabled: false, errorsSinceLastSuccess: 2 });
    expect(h.notifier.sent.filter((n) => n.kind === 'disabled').map((n) => n.job)).toEqual(['hard']);
  });
});

describe('dependent jobs', () => {
  async function diamond() {
    const h = await startCore();
    await h.core.upsert('iso8601', { name: 'a', command: 'true', schedule: `R/${iso(T0 + 100)}/PT1H` });
    await h.core.upsert('iso8601', { name: 'b', command: 'true', schedule: `R/${iso(T0 + 200)}/PT1H` });
    await h.core.upsert('dependency', { name: 'c', command: 'true', parents: ['a', 'b'] });
    return h;
  }

  it('runs a child once every parent has succeeded since its last run, and not after one', async () => {
    const h = await diamond();
    await h.advance(100);
    await h.finishAll();
    await h.settle();
    expect(h.driver.taskIds().filter((t) => t.includes(':c:'))).toHaveLength(0);
    await h.advance(100);
    await h.finishAll();
    await h.advance(200);
    const children = h.driver.taskIds().filter((t) => t.includes(':c:'));
    expect(children).toHaveLength(1);
    await h.finishAll();
    expect(h.job('c')).toMatchObject({ successCount: 1 });
    await h.core.markSuccess('a');
    await h.settle();
    expect(h.driver.taskIds().filter((t) => t.includes(':c:'))).toHaveLength(1);
    await h.core.markSuccess('b');
    await h.advance(200);
    expect(h.driver.taskIds().filter((t) => t.includes(':c:'))).toHaveLength(2);
  });

  it('keeps which parents succeeded across a restart', async () => {
    const h = await diamond();
    await h.advance(100);
    await h.finishAll();
    h.core.stop();
    const again = await startCore({ store: h.store, clock: h.clock });
    await again.advance(100);
    await again.finishAll();
    await again.advance(200);
    expect(again.driver.taskIds().filter((t) => t.includes(':c:'))).toHaveLength(1);
  });

  it('a dependent job that is not concurrent does not start a second run while one runs', async () => {
    const h = await startCore();
    await h.core.upsert('iso8601', { name: 'p', command: 'true', schedule: `R/${iso(T0 + 3600_000)}/PT1H` });
    await h.core.upsert('dependency', { name: 'c', command: 'sleep 9', parents: ['p'] });
    await h.core.markSuccess('p');
    await h.advance(200);
    const [first] = h.driver.taskIds();
    await h.status(first!, 'TASK_RUNNING');
    await h.core.markSuccess('p');
    await h.advance(500);
    expect(h.driver.taskIds()).toEqual([first]);
    await h.status(first!, 'TASK_FINISHED');
    await h.advance(500);
    expect(h.driver.taskIds()).toHaveLength(2);
  });

  it('a child of a deleted scheduled parent takes over the schedule where it stands', async () => {
    const h = await startCore();
    await h.core.upsert('iso8601', { name: 'p', command: 'true', schedule: `R3/${iso(T0 - 10 * 86_400_000)}/P1D` });
    await h.core.upsert('dependency', { name: 'c', command: 'true', parents: ['p'] });
    await h.settle();
    await h.finishAll();
    await h.advance(200);
    await h.finishAll();
    const before = h.driver.taskIds().length;
    await h.core.deleteJob('p');
    await h.advance(500);
    expect(h.driver.taskIds()).toHaveLength(before);
    expect(String(h.job('c').schedule)).toMatch(/^R2\/2026-01-0[12]/);
  });

  it('refuses unknown parents and cycles, and re-wires children when a parent is deleted', async () => {
    const h = await diamond();
    await expect(h.core.upsert('dependency', { name: 'd', command: 'true', parents: ['nope'] })).rejects.toThrow("Parent 'nope' of job 'd' does not exist");
    await expect(h.core.upsert('dependency', { name: 'a', command: 'true', parents: ['c'] })).rejects.toThrow(/cycle/);
    expect(h.core.job('d')).toBeUndefined();
    await h.core.deleteJob('a');
    expect(h.job('c').parents).toEqual(['b']);
    await h.core.deleteJob('b');
    expect(String(h.job('c').schedule)).toMatch(/PT1H$/);
    expect(h.job('c').parents).toBeUndefined();
  });
});

describe('manual runs, kills and deletes', () => {
  it('runs a job now with arguments appended to the command and recorded in the task id', async () => {
    const h = await startCore();
    await h.core.upsert('dependency', { name: 'p', command: 'true', parents: [] }).catch(() => undefined);
    await h.core.upsert('iso8601', { name: 'p', command: 'echo', schedule: `R/${iso(T0 + 3600_000)}/P1D` });
    await h.core.runNow('p', 'a b;c');
    await h.settle();
    const task = h.driver.launches[0]!.tasks[0]!;
    expect(task.taskId).toBe(`ct:${T0}:0:p:${encodeURIComponent('a bc')}`);
    expect(task.command?.value).toBe('echo a bc');
    await expect(h.core.runNow('missing')).rejects.toThrow("Job 'missing' not found");
  });

  it('kills running tasks without counting them, and drops queued runs', async () => {
    const h = await startCore();
    h.driver.offerOnRevive = false;
    await h.core.upsert('iso8601', { name: 'long', command: 'sleep 100', schedule: `R/${iso(T0)}/PT1H`, concurrent: true });
    await h.settle();
    await h.offer();
    await h.status(h.driver.taskIds()[0]!, 'TASK_RUNNING');
    await h.core.runNow('long');
    await h.core.killTasks('long');
    expect(h.driver.kills).toEqual([h.driver.taskIds()[0]]);
    expect(h.core.history('long')[0]).toMatchObject({ state: 'killed', message: 'killed before it was launched' });
    await h.status(h.driver.taskIds()[0]!, 'TASK_KILLED');
    expect(h.job('long')).toMatchObject({ errorCount: 0, successCount: 0 });
  });

  it('a delete kills the job tasks and forgets it; updates for its tasks then kill nothing more', async () => {
    const h = await startCore();
    await h.core.upsert('iso8601', { name: 'gone', command: 'sleep 100', schedule: `R/${iso(T0)}/PT1H` });
    await h.settle();
    const [taskId] = h.driver.taskIds();
    await h.status(taskId!, 'TASK_RUNNING');
    await h.core.deleteJob('gone');
    expect(h.driver.kills).toEqual([taskId]);
    expect(h.core.job('gone')).toBeUndefined();
    expect(h.notifier.sent).toEqual([{ kind: 'deleted', job: 'gone', taskId: undefined }]);
    await h.status('ct:1:0:other:', 'TASK_RUNNING');
    expect(h.driver.kills).toEqual([taskId, 'ct:1:0:other:']);
  });
});
