import { pidAlive, waitFor } from '@strato/testing';
import { join } from 'node:path';
import { linesOf, parseTaskId, TestChronos, useChronosCluster } from './support/chronos';

/** Killing and deleting running jobs, and a Chronos restart in the middle of a schedule. */
describe('Chronos tasks and failover', () => {
  const env = useChronosCluster();
  const file = (name: string) => join(env.cluster.dir, name);

  /** A job whose task writes its pid (sleep's, thanks to exec) and sleeps a minute; resolves once it runs. */
  const startSleeper = async (name: string): Promise<{ pid: number; taskId: string }> => {
    await env.chronos.upsert({ name, command: `echo $$ > '${file(`${name}.pid`)}'; exec sleep 60`, schedule: 'R1//PT1H' });
    const run = await env.chronos.waitForRun(name, (r) => r.state === 'running', 'running');
    const [pid] = await waitFor(() => (linesOf(file(`${name}.pid`)).length ? linesOf(file(`${name}.pid`)) : undefined), { description: `${name} pid file` });
    expect(pidAlive(Number(pid))).toBe(true);
    return { pid: Number(pid), taskId: run.taskId };
  };
  const masterTaskState = async (taskId: string) => {
    const fw = (await env.cluster.state()).frameworks.find((f) => f.name === 'chronos');
    return fw?.tasks.find((t) => t.id === taskId)?.state ?? fw?.completed_tasks.find((t) => t.id === taskId)?.state;
  };

  it('kills a running task on DELETE /scheduler/task/kill/{name}: the run ends killed, no error, no retry', async () => {
    const { pid, taskId } = await startSleeper('sleeper');
    const kill = await env.chronos.request('DELETE', '/scheduler/task/kill/sleeper');
    expect(kill.status).toBe(204);
    const run = await env.chronos.waitForRun('sleeper', (r) => r.taskId === taskId && r.state === 'killed', 'killed');
    expect(run.ended).toBeTruthy();
    await waitFor(() => !pidAlive(pid), { timeoutMs: 10_000, description: `sleep ${pid} to be gone` });
    expect(await masterTaskState(taskId)).toBe('TASK_KILLED');

    const job = await env.chronos.job('sleeper');
    expect(job).toMatchObject({ errorCount: 0, errorsSinceLastSuccess: 0, successCount: 0, lastError: '' });
    const page = await env.chronos.runs('sleeper');
    expect(page.active).toEqual([]);
    expect(page.runs.map((r) => r.taskId)).toEqual([taskId]);
    expect((await env.chronos.request('DELETE', '/scheduler/job/sleeper')).status).toBe(204);
  });

  it('deletes a job on DELETE /scheduler/job/{name} and kills its running task', async () => {
    const { pid, taskId } = await startSleeper('doomed');
    const del = await env.chronos.request('DELETE', '/scheduler/job/doomed');
    expect(del.status).toBe(204);
    expect((await env.chronos.request('GET', '/v1/scheduler/job/doomed')).status).toBe(404);
    expect((await env.chronos.request('GET', '/scheduler/job/doomed')).status).toBe(404);
    expect((await env.chronos.jobs()).map((j) => j.name)).not.toContain('doomed');
    await waitFor(() => !pidAlive(pid), { timeoutMs: 10_000, description: `sleep ${pid} to be gone` });
    await waitFor(async () => (await masterTaskState(taskId)) === 'TASK_KILLED', { description: `master to see ${taskId} killed` });
    expect((await env.chronos.request('DELETE', '/scheduler/job/doomed')).status).toBe(404);
  });

  it('neither duplicates nor loses a run when restarted mid-schedule: missed runs collapse into one', async () => {
    const out = file('tick.out');
    const chronos: TestChronos = env.chronos;
    await chronos.upsert({ name: 'tick', command: `echo "$mesos_task_id" >> '${out}'`, schedule: 'R//PT2S' });
    // Right after a run: two successes, nothing queued or running, so the next due is a future occurrence.
    const before = await waitFor(async () => {
      const [job, page] = await Promise.all([chronos.job('tick'), chronos.runs('tick')]);
      return job.successCount >= 2 && page.active.length === 0 && job.nextRun && Date.parse(job.nextRun) > Date.now() + 300 ? { job, page } : undefined;
    }, { timeoutMs: 15_000, description: 'tick to have run twice and be idle before its next due time' });
    const { frameworkId } = (await chronos.request<{ frameworkId: string }>('GET', '/health')).body;
    expect(await chronos.stop()).toBe(0);
    const firstMissed = Date.parse(before.job.nextRun!);
    const linesBefore = linesOf(out);
    expect(linesBefore.length).toBe(before.job.successCount);

    // Down over two occurrences: firstMissed and firstMissed + 2 s both pass while Chronos is stopped.
    await waitFor(() => Date.now() > firstMissed + 2000 + 500, { timeoutMs: 10_000, intervalMs: 100, description: 'two occurrences to pass while Chronos is down' });
    expect(linesOf(out)).toEqual(linesBefore);
    const restartedAt = Date.now();
    await chronos.startProcess();
    expect((await chronos.request<{ frameworkId: string }>('GET', '/health')).body.frameworkId).toBe(frameworkId);
    const restored = await chronos.job('tick');
    expect(restored.successCount).toBeGreaterThanOrEqual(before.job.successCount);
    expect(restored.lastSuccess).toBe(before.job.lastSuccess);

    await chronos.waitForJob('tick', (j) => j.successCount >= before.job.successCount + 2, 'two more successes after the restart');
    // A consistent pair (a run may end between the two reads): the counter matches the successful runs kept.
    const { after, page } = await waitFor(async () => {
      const [job, runs] = [await chronos.job('tick'), await chronos.runs('tick')];
      const again = await chronos.job('tick');
      return job.successCount === again.successCount && runs.active.length === 0 ? { after: job, page: runs } : undefined;
    }, { description: 'tick idle with a stable successCount' });
    expect((await chronos.request('DELETE', '/scheduler/job/tick')).status).toBe(204);

    const ids = linesOf(out);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, linesBefore.length)).toEqual(linesBefore);
    const dues = ids.map((id) => parseTaskId(id).dueMs);
    expect(new Set(dues).size).toBe(dues.length);
    // The missed occurrences collapsed into one run, due at the first one missed; the second has no run.
    expect(dues).toContain(firstMissed);
    expect(dues).not.toContain(firstMissed + 2000);
    const collapsed = page.runs.find((r) => parseTaskId(r.taskId).dueMs === firstMissed);
    expect(collapsed).toMatchObject({ state: 'success', attempt: 0 });
    expect(Date.parse(collapsed!.launched!)).toBeGreaterThanOrEqual(restartedAt);
    // The history from before the restart survived it, and nothing ran twice.
    for (const r of before.page.runs) expect(page.runs.map((x) => x.taskId)).toContain(r.taskId);
    expect(new Set(page.runs.map((r) => r.taskId)).size).toBe(page.runs.length);
    expect(after.successCount).toBe(page.runs.filter((r) => r.state === 'success').length);
    expect(after.errorCount).toBe(0);
  });
});
