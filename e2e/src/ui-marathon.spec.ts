import { waitFor } from '@strato/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from './support/browser';
import { useMarathonCluster } from './support/marathon';

/**
 * Chromium logs every non-2xx fetch as "Failed to load resource"; the create form's 422 is expected (the test
 * sends bad input on purpose), so exactly that message is not counted as a page error.
 */
const EXPECTED_422 = /^console: Failed to load resource: the server responded with a status of 422\b/;

/** Polls a locator's cells until `accept` returns true (or the deadline passes). */
async function cellsUntil(locator: Locator, accept: (cells: string[]) => boolean, description: string, timeoutMs = 30_000): Promise<string[]> {
  return waitFor(async () => {
    const cells = (await locator.locator('td').allTextContents()).map((c) => c.trim());
    return accept(cells) ? cells : undefined;
  }, { timeoutMs, intervalMs: 200, description });
}

describe('Marathon web UI in a browser', () => {
  const env = useMarathonCluster(1);
  let browser: Browser;
  let page: Page;
  let errors: string[];
  /** Every answer of 400 or more the page received, as `status METHOD path`. */
  const failed: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser));
    page.on('dialog', (dialog) => void dialog.accept());
    page.on('response', (res) => {
      if (res.status() >= 400) failed.push(`${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const appRow = (id: string): Locator => page.locator('tbody tr', { has: page.getByRole('link', { name: id, exact: true }) });

  it('loads at / (redirected to /ui/) and shows live data from the API', async () => {
    await page.goto(`${env.marathon.url}/`);
    expect(new URL(page.url()).pathname).toBe('/ui/');
    await page.getByRole('heading', { name: 'Applications', level: 2 }).waitFor();
    await page.locator('caption', { hasText: 'Applications' }).waitFor();
    await page.locator('td.empty', { hasText: 'No applications yet' }).waitFor();
    // The live refresh reports each update in the header.
    await waitFor(async () => /Updated/.test((await page.locator('#live').textContent()) ?? ''), { description: 'the live status' });
    expect(await page.getByRole('link', { name: 'Applications', exact: true }).getAttribute('aria-current')).toBe('page');

    await page.getByRole('link', { name: 'Deployments' }).click();
    await page.locator('caption', { hasText: 'Running deployments' }).waitFor();
    await page.getByRole('link', { name: 'Queue' }).click();
    await page.getByText('No app waits to launch.').waitFor();
  });

  it('shows the API message next to a bad field and creates nothing', async () => {
    await page.goto(`${env.marathon.url}/ui/#/create`);
    await page.getByLabel('ID', { exact: true }).fill('/ui-bad');
    await page.getByLabel('Command', { exact: true }).fill('sleep 600');
    await page.getByLabel('CPUs', { exact: true }).fill('-1');
    await page.getByRole('button', { name: 'Create app' }).click();
    const cpusError = page.locator('[data-field="cpus"] .field-error');
    await waitFor(async () => ((await cpusError.textContent()) ?? '') !== '', { description: 'the cpus error next to its field' });
    // The same body straight to the API: the UI shows its message.
    const res = await env.marathon.post('/v2/apps', { id: '/ui-bad', cmd: 'sleep 600', cpus: -1, mem: 128, instances: 1 });
    expect(res.status).toBe(422);
    const { details } = (await res.json()) as { details: { path: string; errors: string[] }[] };
    const expected = details.find((d) => d.path === '/cpus')!.errors[0];
    expect(await cpusError.textContent()).toContain(expected);
    expect(await page.getByLabel('CPUs', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[data-field="id"] .field-error').textContent()).toBe('');

    await page.getByLabel('CPUs', { exact: true }).fill('0.1');
    await page.getByLabel('ID', { exact: true }).fill('Bad Id');
    await page.getByRole('button', { name: 'Create app' }).click();
    const idError = page.locator('[data-field="id"] .field-error');
    await waitFor(async () => ((await idError.textContent()) ?? '') !== '', { description: 'the id error next to its field' });
    expect(await page.locator('[data-field="cpus"] .field-error').textContent()).toBe('');
    await screenshot(page, 'marathon-create-error');

    // The JSON editor holds the same definition as the form.
    await page.getByRole('button', { name: 'JSON', exact: true }).click();
    const json = page.getByLabel('App definition (JSON)', { exact: true });
    expect(JSON.parse(await json.inputValue())).toEqual({ id: 'Bad Id', cmd: 'sleep 600', cpus: 0.1, mem: 128, instances: 1 });
    await page.getByRole('button', { name: 'Form', exact: true }).click();
    await page.getByLabel('ID', { exact: true }).waitFor();

    const { apps } = await env.marathon.json<{ apps: { id: string }[] }>('/v2/apps');
    expect(apps).toEqual([]);
  });

  it('creates an app from the form, sees it run, scales it and destroys it', async () => {
    await page.goto(`${env.marathon.url}/ui/`);
    await page.getByRole('link', { name: 'Create app' }).first().click();
    await page.getByLabel('ID', { exact: true }).fill('/ui-test');
    await page.getByLabel('Command', { exact: true }).fill('sleep 600');
    await page.getByLabel('CPUs', { exact: true }).fill('0.1');
    await page.getByLabel('Memory (MB)', { exact: true }).fill('32');
    await page.getByLabel('Instances', { exact: true }).fill('1');
    await page.getByLabel('Instances', { exact: true }).press('Enter'); // Enter submits the form

    // Back on the apps table, which refreshes until the app runs.
    await page.getByRole('heading', { name: 'Applications', level: 2 }).waitFor();
    const cells = await cellsUntil(appRow('/ui-test'), (c) => c[1] === 'running' && c[2] === '1 / 1', '/ui-test running 1 / 1 in the apps table');
    expect(cells).toEqual(['/ui-test', 'running', '1 / 1', 'no health checks', '0.1', '32 MB']);
    await screenshot(page, 'marathon-apps');

    await page.getByRole('link', { name: '/ui-test', exact: true }).click();
    await page.getByRole('heading', { name: '/ui-test', level: 2 }).waitFor();
    await cellsUntil(page.locator('tbody tr', { hasText: 'TASK_RUNNING' }), (c) => c.length === 6 && c[2] !== '—', 'a running task with a port on the app page');

    await page.getByLabel('Instances', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Scale' }).click();
    await page.getByText('Scale to 2: done.').waitFor();
    await waitFor(async () => (await page.locator('tbody tr', { hasText: 'TASK_RUNNING' }).count()) === 2 || undefined, { timeoutMs: 30_000, description: '2 running tasks on the app page' });
    await waitFor(async () => /^2 \/ 2$/.test((await page.locator('dt:text-is("Running / wanted") + dd').textContent()) ?? ''), { timeoutMs: 30_000, description: '2 / 2 in the status' });
    const app = await env.marathon.waitForRunning('/ui-test', 2);
    expect(app.instances).toBe(2);

    // Two versions now; the first one's JSON still has 1 instance.
    const versions = page.locator('ul.versions button');
    await waitFor(async () => (await versions.count()) === 2 || undefined, { description: '2 versions listed' });
    await versions.last().click();
    const versionJson = page.locator('pre[aria-label^="App definition of version"]');
    await versionJson.waitFor();
    expect(JSON.parse((await versionJson.textContent()) ?? '{}')).toMatchObject({ id: '/ui-test', instances: 1, cmd: 'sleep 600' });
    expect(JSON.parse((await page.locator('pre[aria-label="App definition (JSON)"]').textContent()) ?? '{}')).toMatchObject({ id: '/ui-test', instances: 2 });
    await screenshot(page, 'marathon-app');

    await page.getByRole('button', { name: 'Destroy' }).click(); // confirm() is accepted
    await page.getByRole('heading', { name: 'Applications', level: 2 }).waitFor();
    await waitFor(async () => (await appRow('/ui-test').count()) === 0 || undefined, { timeoutMs: 20_000, description: '/ui-test gone from the apps table' });
    await waitFor(async () => (await env.marathon.api('/v2/apps/ui-test')).status === 404 || undefined, { description: 'the app gone from the API' });
  });

  it('shows an app that no offer fits as waiting, why in the queue, and rolls its deployment back', async () => {
    // More CPUs than the agent has: every offer is declined for InsufficientCpus.
    expect((await env.marathon.post('/v2/apps', { id: '/ui-huge', cmd: 'sleep 600', cpus: 100, mem: 32, instances: 1 })).status).toBe(201);
    await page.goto(`${env.marathon.url}/ui/`);
    await cellsUntil(appRow('/ui-huge'), (c) => c[1] === 'waiting' && c[2] === '0 / 1', '/ui-huge waiting in the apps table');
    await page.getByRole('link', { name: 'Queue', exact: true }).click();
    const entry = page.locator('section.card', { has: page.getByRole('link', { name: '/ui-huge', exact: true }) });
    const reasons = entry.locator('table', { has: page.locator('caption', { hasText: 'Why offers were not used' }) }).locator('tbody tr');
    const cells = await cellsUntil(reasons, (c) => c[0] === 'Not enough CPUs', 'InsufficientCpus in the queue page');
    expect(Number(cells[1])).toBeGreaterThan(0);
    await cellsUntil(entry.locator('table', { has: page.locator('caption', { hasText: 'Last unused offer' }) }).locator('tbody tr'), (c) => c[1] === 'Not enough CPUs', 'the agent\'s last unused offer');
    await screenshot(page, 'marathon-queue');

    // Its deployment never finishes: rolling it back (from the deployments page) removes the new app again.
    await page.getByRole('link', { name: 'Deployments', exact: true }).click();
    const row = page.locator('tbody tr', { has: page.getByRole('link', { name: '/ui-huge', exact: true }) });
    await cellsUntil(row, (c) => c.length === 6, 'the deployment of /ui-huge');
    await row.getByRole('button', { name: 'Rollback' }).click();
    await page.getByText(/^Rollback .*: done\.$/).waitFor();
    await page.locator('td.empty', { hasText: 'No deployment is running.' }).waitFor({ timeout: 20_000 });
    await waitFor(async () => (await env.marathon.api('/v2/apps/ui-huge')).status === 404 || undefined, { description: 'the rolled back app gone' });
    await page.getByRole('link', { name: 'Queue', exact: true }).click();
    await page.getByText('No app waits to launch.').waitFor({ timeout: 20_000 });
  });

  it('logged no page or console errors and made no failing request (besides the expected 422s)', () => {
    expect(errors.filter((e) => !EXPECTED_422.test(e))).toEqual([]);
    expect(failed).toEqual(['422 POST /v2/apps', '422 POST /v2/apps']);
  });
});
