import { waitFor } from '@strato/testing';
import { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { launchBrowser, openPage, screenshot, textUntil } from './support/browser';
import { useChronosCluster } from './support/chronos';
import { readIfExists, sandboxOf } from './support/sandbox';

/** Chromium logs every non-2xx fetch; the bad-input test expects exactly this one, for its 400. */
const EXPECTED_400 = 'console: Failed to load resource: the server responded with a status of 400 (Bad Request)';

/** Waits for the UI to route to `hash` (evaluated in the page: this file is type-checked without the DOM). */
async function waitForHash(page: Page, hash: string): Promise<void> {
  await page.waitForFunction(`location.hash === ${JSON.stringify(hash)}`);
}

/** The table row of a job on the jobs page, as text per cell. */
async function jobRow(page: Page, name: string): Promise<string[]> {
  return waitFor(
    async () => {
      const row = page.locator('table tbody tr').filter({ has: page.getByRole('link', { name, exact: true }) });
      if ((await row.count()) !== 1) return undefined;
      return row.locator('td').allTextContents();
    },
    { timeoutMs: 20_000, description: `the jobs table to show ${name}` },
  );
}

describe('Chronos web UI in a browser', () => {
  const env = useChronosCluster({ agents: 1 });
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('serves the UI at / beside the API, health and metrics', async () => {
    const index = await env.chronos.request('GET', '/');
    expect(index.status).toBe(200);
    expect(index.contentType).toMatch(/text\/html/);
    expect(index.text).toContain('<main id="view"');
    expect((await env.chronos.request('GET', '/app.js')).status).toBe(200);
    expect((await env.chronos.request('GET', '/scheduler/jobs')).body).toEqual([]);
    expect((await env.chronos.request('GET', '/health')).body).toMatchObject({ status: 'ok' });
    expect((await env.chronos.request('GET', '/metrics')).status).toBe(200);
    expect((await env.chronos.request('GET', '/scheduler/nope')).status).toBe(404);
  });

  it('shows the jobs with live data: a job created through the API appears without a reload', async () => {
    await env.chronos.upsert({ name: 'api-cron', command: 'true', schedule: '*/5 * * * *', disabled: true });
    await page.goto(`${env.chronos.url}/`);
    const cron = await jobRow(page, 'api-cron');
    expect(cron[1]).toBe('every 5 minutes (cron */5 * * * *)');
    expect(cron[2]).toBe('disabled');
    expect(cron[6]).toBe('disabled');
    await env.chronos.upsert({ name: 'api-hourly', command: 'true', schedule: 'R/2098-01-01T00:00:00Z/PT1H' });
    const hourly = await jobRow(page, 'api-hourly');
    expect(hourly[1]).toBe('every hour from 2098-01-01 00:00 UTC, forever');
    expect(hourly[2]).toBe('2098-01-01 00:00:00Z');
    expect(hourly[6]).toBe('idle');
    expect(await page.locator('#live').textContent()).toMatch(/^Updated /);
    expect(errors).toEqual([]);
  });

  it('creates a job with the form, runs it now and shows the successful run in its history', async () => {
    await page.getByRole('link', { name: 'New job' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('ui-job');
    await page.getByLabel('Command', { exact: true }).fill('echo ran-from-ui');
    await page.getByLabel('Schedule', { exact: true }).fill('R/2099-01-01T00:00:00Z/PT24H');
    await textUntil(page, 'form p[aria-live]', (t) => t.includes('every 24 hours'), 'the schedule preview');
    await page.getByLabel('CPUs').fill('0.1');
    await page.getByLabel('Memory (MB)').fill('32');
    await page.getByRole('button', { name: 'Create job' }).click();
    await waitForHash(page, '#/jobs/ui-job');
    expect(await env.chronos.job('ui-job')).toMatchObject({ command: 'echo ran-from-ui', schedule: 'R/2099-01-01T00:00:00.000Z/PT24H', cpus: 0.1, mem: 32, successCount: 0 });

    await page.getByRole('navigation').getByRole('link', { name: 'Jobs' }).click();
    const row = await jobRow(page, 'ui-job');
    expect(row[1]).toBe('every 24 hours from 2099-01-01 00:00 UTC, forever');
    expect(row[2]).toBe('2099-01-01 00:00:00Z');
    await screenshot(page, 'chronos-jobs');

    await page.getByRole('link', { name: 'ui-job', exact: true }).click();
    await page.getByRole('heading', { name: 'Run history' }).waitFor();
    await textUntil(page, 'table:has(caption:text("Runs:")) tbody', (t) => t.includes('No runs yet.'), 'an empty history');
    await page.getByRole('button', { name: 'Run now' }).click();
    const run = await textUntil(page, 'table:has(caption:text("Runs:")) tbody tr', (t) => t.includes('success'), 'a successful run in the history');
    expect(run).toMatch(/^ct:\d+:0:ui-job:/);
    const [finished] = (await env.chronos.runs('ui-job')).runs;
    expect(finished).toMatchObject({ state: 'success', attempt: 0 });
    expect(run).toContain(finished.taskId);
    // The run really ran the command on the agent.
    const frameworkId = (await env.chronos.request<{ frameworkId: string }>('GET', '/health')).body.frameworkId;
    const sandbox = sandboxOf(env.cluster.agents[0].workDir, frameworkId, finished.taskId);
    expect(readIfExists(join(sandbox!, 'stdout'))).toContain('ran-from-ui');
    // The run's output links: Chronos → the leading master's /master/sandbox → the agent's /files/download.
    const hrefOf = async (file: string) => new URL((await page.getByRole('link', { name: `${file} of ${finished.taskId}` }).getAttribute('href'))!, page.url()).toString();
    const stdoutUrl = await hrefOf('stdout');
    expect(stdoutUrl).toBe(`${env.chronos.url}/scheduler/job/ui-job/runs/${encodeURIComponent(finished.taskId)}/stdout`);
    const stdout = await page.request.get(stdoutUrl);
    expect(stdout.status()).toBe(200);
    expect(await stdout.text()).toContain('ran-from-ui');
    expect(stdout.url()).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${env.cluster.agents[0].httpPort}/files/download\\?path=.*%2Fstdout$`));
    const stderr = await page.request.get(await hrefOf('stderr'));
    expect(stderr.status()).toBe(200);
    expect(await stderr.text()).not.toContain('ran-from-ui');
    await textUntil(page, 'dl', (t) => t.includes('1 succeeded, 0 failed'), 'the details to count the success');
    await screenshot(page, 'chronos-job');

    // Disable / Enable re-posts the job with the flag flipped.
    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('button', { name: 'Enable' }).waitFor();
    expect((await env.chronos.job('ui-job')).disabled).toBe(true);
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('button', { name: 'Disable' }).waitFor();
    expect(await env.chronos.job('ui-job')).toMatchObject({ disabled: false, successCount: 1, command: 'echo ran-from-ui' });
    expect(errors).toEqual([]);
  });

  it("redirects a run's output to the leading master's sandbox link, and answers 404 with a message for an unknown run or job", async () => {
    const [finished] = (await env.chronos.runs('ui-job')).runs;
    const redirect = await fetch(`${env.chronos.url}/v1/scheduler/job/ui-job/runs/${encodeURIComponent(finished.taskId)}/stderr`, { redirect: 'manual' });
    expect(redirect.status).toBe(307);
    const location = new URL(redirect.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${env.cluster.masterUrl}/master/sandbox`);
    const frameworkId = (await env.chronos.request<{ frameworkId: string }>('GET', '/health')).body.frameworkId;
    expect(Object.fromEntries(location.searchParams)).toEqual({ agent_id: finished.agentId, framework_id: frameworkId, task_id: finished.taskId, file: 'stderr' });

    const unknownRun = await env.chronos.request('GET', `/scheduler/job/ui-job/runs/${encodeURIComponent('ct:1:0:ui-job:')}/stdout`);
    expect(unknownRun).toMatchObject({ status: 404, body: { message: "Run 'ct:1:0:ui-job:' of job 'ui-job' not found", status: 'Not Found' } });
    const unknownJob = await env.chronos.request('GET', '/scheduler/job/no-such-job/runs/ct%3A1%3A0%3Ano-such-job%3A/stdout');
    expect(unknownJob).toMatchObject({ status: 404, body: { message: "Job 'no-such-job' not found", status: 'Not Found' } });
  });

  it('creates a dependent job and draws the dependency as an SVG edge between the two nodes', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'New job' }).click();
    await page.getByLabel('Name', { exact: true }).fill('ui-child');
    await page.getByLabel('Command', { exact: true }).fill('echo child');
    await page.getByLabel('Runs', { exact: true }).selectOption('dependent');
    await page.getByLabel('Parents').fill('ui-job');
    await page.getByRole('button', { name: 'Create job' }).click();
    await waitForHash(page, '#/jobs/ui-child');
    expect((await env.chronos.job('ui-child')).parents).toEqual(['ui-job']);
    await textUntil(page, 'dl', (t) => t.includes('after ui-job'), 'the child to read "after ui-job"');

    // Edit: the form comes back filled in; the name is kept, the change is saved with the same parents.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('button', { name: 'Save changes' }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('readonly')).toBe('');
    expect(await page.getByLabel('Runs', { exact: true }).inputValue()).toBe('dependent');
    expect(await page.getByLabel('Parents').inputValue()).toBe('ui-job');
    await page.getByLabel('Command', { exact: true }).fill('echo child, edited');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await waitForHash(page, '#/jobs/ui-child');
    expect(await env.chronos.job('ui-child')).toMatchObject({ command: 'echo child, edited', parents: ['ui-job'] });

    await page.getByRole('navigation').getByRole('link', { name: 'Dependency graph' }).click();
    const edge = page.locator('svg line.graph-edge[data-from="ui-job"][data-to="ui-child"]');
    await edge.waitFor();
    const box = (name: string) => page.locator(`svg a[data-job="${name}"] rect`).evaluate((r) => ['x', 'y', 'width', 'height'].map((a) => Number(r.getAttribute(a))));
    const [px, py, pw, ph] = await box('ui-job');
    const [cx, cy, , ch] = await box('ui-child');
    const [x1, y1, x2, y2] = await edge.evaluate((l) => ['x1', 'y1', 'x2', 'y2'].map((a) => Number(l.getAttribute(a))));
    // From the parent's right edge to the child's left edge (a column further right), middle to middle.
    expect([x1, y1]).toEqual([px + pw, py + ph / 2]);
    expect(cx).toBeGreaterThan(px + pw);
    expect(x2).toBeGreaterThan(x1);
    expect(x2).toBeLessThanOrEqual(cx);
    expect(y2).toBe(cy + ch / 2);
    expect(await page.locator('svg > title').textContent()).toMatch(/^Dependency graph: 4 jobs, 1 dependency$/);
    expect(await page.locator('svg a[data-job] text').allTextContents()).toEqual(expect.arrayContaining(['ui-job', 'ui-child']));
    await screenshot(page, 'chronos-graph');
    expect(errors).toEqual([]);
  });

  it('shows the API error next to the schedule field for a bad schedule and creates nothing', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'New job' }).click();
    await page.getByLabel('Name', { exact: true }).fill('ui-bad');
    await page.getByLabel('Command', { exact: true }).fill('echo never');
    await page.getByLabel('Schedule', { exact: true }).fill('nonsense');
    await page.getByLabel('Schedule', { exact: true }).press('Enter');
    const message = await textUntil(page, '[data-field="schedule"] .field-error', (t) => t !== '', 'the schedule error');
    expect(message).toMatch(/^Cannot parse schedule 'nonsense': /);
    expect(await page.getByLabel('Schedule', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('form .form-error').textContent()).toBe('');
    expect(await page.evaluate('location.hash')).toBe('#/create');
    expect((await env.chronos.request('GET', '/scheduler/job/ui-bad')).status).toBe(404);
    expect((await env.chronos.jobs()).map((j) => j.name)).toEqual(['api-cron', 'api-hourly', 'ui-child', 'ui-job']);
    await screenshot(page, 'chronos-create-error');
    // The one console error is Chromium's note about the 400 the form got (and showed).
    expect(errors).toEqual([EXPECTED_400]);
    errors.length = 0;
  });
});
