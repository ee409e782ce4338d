import { join } from 'node:path';
import { JobJson, linesOf, parseTaskId, useChronosCluster } from './support/chronos';

const FUTURE = 'R/2099-01-01T00:00:00.000Z/P1D';

/** Dependent jobs, the graph, and the API's answers to bad input, on a real cluster. */
describe('Chronos dependencies, graph and API errors', () => {
  const env = useChronosCluster();
  const names = async () => (await env.chronos.jobs()).map((j) => j.name).sort();

  it('runs a dependent job once both parents succeeded, not after only one', async () => {
    const c = env.chronos;
    const out = join(env.cluster.dir, 'child.out');
    await c.upsert({ name: 'parentA', command: 'true', schedule: FUTURE });
    await c.upsert({ name: 'parentB', command: 'true', schedule: FUTURE });
    await c.upsert({ name: 'marker', command: 'true', schedule: FUTURE });
    await c.upsert({ name: 'child', command: `echo "$mesos_task_id" >> '${out}'`, parents: ['parentA', 'parentB'] });
    // A becomes due now (a replace keeps the job's edges).
    await c.upsert({ name: 'parentA', command: 'true', schedule: 'R1//PT1H' });
    const a = await c.waitForJob('parentA', (j) => j.successCount === 1, 'parent A to succeed');

    // A later, unrelated run: had A alone fired the child, the child (due at A's completion) would have run by now.
    expect((await c.request('PUT', '/scheduler/job/marker')).status).toBe(204);
    await c.waitForJob('marker', (j) => j.successCount === 1, 'the marker job to run');
    expect(await c.job('child')).toMatchObject({ successCount: 0, errorCount: 0, lastSuccess: '' });
    expect(await c.runs('child')).toMatchObject({ total: 0, runs: [], active: [] });
    expect(linesOf(out)).toEqual([]);

    expect((await c.request('PUT', '/scheduler/job/parentB')).status).toBe(204);
    const b = await c.waitForJob('parentB', (j) => j.successCount === 1, 'parent B to succeed');
    const child = await c.waitForJob('child', (j) => j.successCount === 1, 'the child to run after both parents');
    expect(child.errorCount).toBe(0);
    // Once only: another unrelated run later, the child still ran a single time.
    expect((await c.request('PUT', '/scheduler/job/marker')).status).toBe(204);
    await c.waitForJob('marker', (j) => j.successCount === 2, 'the marker job to run again');
    const page = await c.runs('child');
    expect(page.active).toEqual([]);
    expect(page.runs).toHaveLength(1);
    expect(page.runs[0].state).toBe('success');
    expect(linesOf(out)).toEqual([page.runs[0].taskId]);
    const due = parseTaskId(page.runs[0].taskId).dueMs;
    expect(due).toBeGreaterThanOrEqual(Date.parse(a.lastSuccess) - 1000);
    expect(due).toBeGreaterThanOrEqual(Date.parse(b.lastSuccess) - 1000);
    expect((await c.job('child')).successCount).toBe(1);

    const summary = (await c.request<{ jobs: { name: string; status: string; schedule: string; parents: string[] }[] }>('GET', '/v1/scheduler/jobs/summary')).body;
    expect(summary.jobs.find((j) => j.name === 'child')).toMatchObject({ status: 'success', schedule: '', parents: ['parentA', 'parentB'] });
    const stat = await c.request<{ histogram: { count: number }; taskStatHistory: { taskId: string }[] }>('GET', '/scheduler/job/stat/child');
    expect(stat.status).toBe(200);
    expect(stat.body.histogram.count).toBe(1);
    expect(stat.body.taskStatHistory.map((t) => t.taskId)).toEqual([page.runs[0].taskId]);
  });

  it('exports the dependency graph as DOT and CSV', async () => {
    const csv = await env.chronos.request('GET', '/scheduler/graph/csv');
    expect(csv.status).toBe(200);
    expect(csv.contentType).toMatch(/^text\/plain/);
    const rows = csv.text.split('\n').filter(Boolean);
    expect(rows).toEqual(expect.arrayContaining(['link,parentA,child', 'link,parentB,child']));
    expect(rows.filter((r) => r.startsWith('link,'))).toHaveLength(2);
    expect(rows.filter((r) => r.startsWith('node,')).map((r) => r.split(',')[1]).sort()).toEqual(['child', 'marker', 'parentA', 'parentB']);
    expect(rows).toContain('node,child,success,idle');

    const dot = await env.chronos.request('GET', '/v1/scheduler/graph/dot');
    expect(dot.status).toBe(200);
    expect(dot.text).toMatch(/^digraph/);
    const ids = new Map<string, string>();
    for (const m of dot.text.matchAll(/^\s*(\d+) \[label="([^"]+)"\];$/gm)) ids.set(m[2], m[1]);
    expect([...ids.keys()].sort()).toEqual(['child', 'marker', 'parentA', 'parentB']);
    const edges = [...dot.text.matchAll(/^\s*(\d+) -> (\d+);$/gm)].map((m) => `${m[1]}->${m[2]}`).sort();
    expect(edges).toEqual([`${ids.get('parentA')}->${ids.get('child')}`, `${ids.get('parentB')}->${ids.get('child')}`].sort());
  });

  it('answers 400 {message, status} to bad input and stores nothing', async () => {
    const stored = await names();
    const parentA = await env.chronos.job('parentA');
    const bad: [string, string, unknown][] = [
      ['missing name', '/scheduler/iso8601', { command: 'true', schedule: 'R//PT1H' }],
      ['missing command', '/scheduler/iso8601', { name: 'nocommand', schedule: 'R//PT1H' }],
      ['invalid schedule', '/scheduler/iso8601', { name: 'badschedule', command: 'true', schedule: 'R/x/PT1H' }],
      ['invalid period', '/scheduler/iso8601', { name: 'badperiod', command: 'true', schedule: 'R//P' }],
      ['unknown time zone', '/scheduler/iso8601', { name: 'badzone', command: 'true', schedule: 'R//PT1H', scheduleTimeZone: 'Mars/Base' }],
      ['unknown parent', '/scheduler/dependency', { name: 'orphan', command: 'true', parents: ['nosuchjob'] }],
      ['dependency cycle', '/scheduler/dependency', { name: 'parentA', command: 'true', parents: ['child'] }],
      ['invalid name', '/scheduler/iso8601', { name: 'bad name!', command: 'true', schedule: 'R//PT1H' }],
      ['uris with fetch', '/scheduler/iso8601', { name: 'both', command: 'true', schedule: 'R//PT1H', uris: ['http://example.com/a'], fetch: [{ uri: 'http://example.com/b' }] }],
      ['malformed JSON', '/scheduler/iso8601', '{"name": "broken", "command": "true",'],
      ['malformed JSON (dependency)', '/v1/scheduler/dependency', '{"name": '],
    ];
    const answers: string[] = [];
    for (const [what, path, body] of bad) {
      const res = await env.chronos.request<{ message: unknown; status: unknown }>('POST', path, body);
      const ok = res.status === 400 && typeof res.body?.message === 'string' && res.body.message !== '' && res.body.status === 'Bad Request';
      if (!ok) answers.push(`${what}: ${res.status} ${res.text}`);
    }
    expect(answers).toEqual([]);
    expect(await names()).toEqual(stored);
    for (const name of ['nocommand', 'badschedule', 'badperiod', 'badzone', 'orphan', 'both', 'broken']) {
      expect((await env.chronos.request('GET', `/v1/scheduler/job/${name}`)).status).toBe(404);
    }
    const { successCount, schedule, parents } = await env.chronos.job('parentA');
    expect({ successCount, schedule, parents } as Partial<JobJson>).toEqual({ successCount: parentA.successCount, schedule: parentA.schedule, parents: parentA.parents });
    expect((await env.chronos.request('GET', '/scheduler/graph/csv')).text).not.toContain('link,child,parentA');
  });

  it('answers 404 for an unknown job on every job route', async () => {
    const routes: [string, string][] = [
      ['GET', '/scheduler/job/ghost'],
      ['GET', '/v1/scheduler/job/ghost'],
      ['PUT', '/scheduler/job/ghost'],
      ['PUT', '/scheduler/job/ghost?arguments=x'],
      ['DELETE', '/scheduler/job/ghost'],
      ['DELETE', '/scheduler/task/kill/ghost'],
      ['GET', '/scheduler/job/stat/ghost'],
      ['GET', '/v1/scheduler/job/ghost/runs'],
    ];
    const wrong: string[] = [];
    for (const [method, path] of routes) {
      const res = await env.chronos.request<{ message?: string; status?: string }>(method, path);
      if (res.status !== 404 || !res.body?.message?.includes('ghost') || res.body.status !== 'Not Found') wrong.push(`${method} ${path}: ${res.status} ${res.text}`);
    }
    expect(wrong).toEqual([]);
    expect(await names()).not.toContain('ghost');
  });
});
