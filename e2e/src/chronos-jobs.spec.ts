import { join } from 'node:path';
import { linesOf, parseTaskId, RunJson, useChronosCluster } from './support/chronos';

/** Scheduled runs, the task environment, retries, run-now with arguments and cron schedules, on a real cluster. */
describe('Chronos runs scheduled jobs', () => {
  const env = useChronosCluster({ flags: ['--failure_retry=300', '--decline_offer_duration=1000', '--min_revive_offers_interval=100'] });
  const out = (name: string) => join(env.cluster.dir, `${name}.out`);
  const remove = async (name: string) => expect((await env.chronos.request('DELETE', `/scheduler/job/${name}`)).status).toBe(204);
  const dueOf = (r: RunJson) => parseTaskId(r.taskId).dueMs;

  it('runs a job every 2 s, counts its successes, keeps its runs and gives the task its environment', async () => {
    const file = out('every2s');
    await env.chronos.upsert({
      name: 'every2s',
      command: `echo "$CHRONOS_JOB_NAME $mesos_task_id $CHRONOS_JOB_RUN_ATTEMPT" >> '${file}'`,
      schedule: 'R//PT2S',
    });
    const first = await env.chronos.waitForJob('every2s', (j) => j.successCount >= 1, 'a first success');
    expect(first.lastSuccess).not.toBe('');
    const job = await env.chronos.waitForJob('every2s', (j) => j.successCount >= 3, 'successCount to reach 3');
    expect(job.successCount).toBeGreaterThan(first.successCount);
    expect(job).toMatchObject({ errorCount: 0, errorsSinceLastSuccess: 0, lastError: '' });
    // The schedule is rewritten after each run: its start is the next occurrence, not the (empty) original.
    expect(job.schedule).toMatch(/^R\/\d{4}-\d\d-\d\dT[^/]+\/PT2S$/);
    // Read before the delete: a deleted job's history goes with it.
    const { runs } = await env.chronos.runs('every2s');
    await remove('every2s');
    const successes = runs.filter((r) => r.state === 'success');
    expect(successes.length).toBeGreaterThanOrEqual(3);
    const dues = successes.map(dueOf).sort((a, b) => a - b);
    expect(new Set(dues).size).toBe(dues.length);
    for (let i = 1; i < dues.length; i++) {
      const gap = dues[i] - dues[i - 1];
      expect(gap).toBeGreaterThanOrEqual(2000);
      expect(gap % 2000).toBe(0);
    }
    for (const r of successes) {
      expect(Date.parse(r.due)).toBe(dueOf(r));
      expect(r).toMatchObject({ attempt: 0, arguments: '' });
      expect(r.agentId).toBeTruthy();
      expect(Date.parse(r.ended!)).toBeGreaterThanOrEqual(Date.parse(r.started ?? r.launched!));
    }

    const lines = linesOf(file);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      const [name, taskId, attempt] = line.split(' ');
      expect(name).toBe('every2s');
      expect(parseTaskId(taskId)).toMatchObject({ name: 'every2s', attempt: 0 });
      expect(attempt).toBe('0');
    }
    expect(new Set(lines.map((l) => l.split(' ')[1])).size).toBe(lines.length);
    for (const r of successes) expect(lines).toContain(`every2s ${r.taskId} 0`);
  });

  it('retries a failing job `retries` times, then counts one error', async () => {
    await env.chronos.upsert({ name: 'failing', command: 'exit 3', schedule: 'R1//PT1H', retries: 2 });
    const job = await env.chronos.waitForJob('failing', (j) => j.errorCount >= 1, 'errorCount to reach 1');
    expect(job).toMatchObject({ errorCount: 1, errorsSinceLastSuccess: 1, successCount: 0, lastSuccess: '' });
    expect(Number.isNaN(Date.parse(job.lastError))).toBe(false);

    const page = await env.chronos.runs('failing');
    expect(page.active).toEqual([]);
    expect(page.runs.map((r) => r.state)).toEqual(['failure', 'failure', 'failure']);
    expect(page.runs.map((r) => parseTaskId(r.taskId).attempt).sort()).toEqual([0, 1, 2]);
    expect(page.runs.map((r) => r.attempt).sort()).toEqual([0, 1, 2]);
    // Each retry waited --failure_retry (300 ms) after the previous attempt ended.
    const byAttempt = [...page.runs].sort((a, b) => a.attempt - b.attempt);
    for (let i = 1; i < byAttempt.length; i++) {
      expect(Date.parse(byAttempt[i].launched!)).toBeGreaterThanOrEqual(Date.parse(byAttempt[i - 1].ended!) + 250);
    }
    const after = await env.chronos.job('failing');
    expect(after.errorCount).toBe(1);
    await remove('failing');
  });

  it('runs a job scheduled far in the future now on PUT, with the arguments appended to its command', async () => {
    const file = out('later');
    // POSIX sh allows a redirection before the words: the appended arguments become printf's operands,
    // so exactly the arguments land in the file, one per line.
    await env.chronos.upsert({ name: 'later', command: `printf '%s\\n' >>'${file}'`, schedule: 'R/2099-01-01T00:00:00.000Z/P1D' });
    expect((await env.chronos.job('later')).nextRun).toMatch(/^2099-01-01T00:00:00/);
    const before = Date.now();
    const put = await env.chronos.request('PUT', '/scheduler/job/later?arguments=hello');
    expect(put.status).toBe(204);
    const job = await env.chronos.waitForJob('later', (j) => j.successCount === 1, 'the manual run to succeed');
    expect(job.schedule).toMatch(/^R\/2099-01-01T00:00:00/);
    expect(linesOf(file)).toEqual(['hello']);
    const { runs } = await env.chronos.runs('later');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ state: 'success', attempt: 0, arguments: 'hello' });
    const id = parseTaskId(runs[0].taskId);
    expect(id).toMatchObject({ name: 'later', attempt: 0, args: 'hello' });
    expect(id.dueMs).toBeGreaterThanOrEqual(before - 1000);
    expect(id.dueMs).toBeLessThanOrEqual(Date.now());
    await remove('later');
  });

  it('runs a 6-field cron schedule (every 2 s) at least twice', async () => {
    const file = out('cron');
    await env.chronos.upsert({ name: 'cron', command: `echo "$mesos_task_id" >> '${file}'`, schedule: '*/2 * * * * *' });
    const job = await env.chronos.waitForJob('cron', (j) => j.successCount >= 2, 'two cron runs');
    expect(job.schedule).toBe('*/2 * * * * *');
    const dues = (await env.chronos.runs('cron')).runs.filter((r) => r.state === 'success').map(dueOf);
    await remove('cron');
    expect(dues.length).toBeGreaterThanOrEqual(2);
    for (const due of dues) expect(due % 2000).toBe(0);
    expect(new Set(dues).size).toBe(dues.length);
    expect(linesOf(out('cron')).length).toBeGreaterThanOrEqual(2);
  });
});
