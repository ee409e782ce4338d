import { waitFor } from '@strato/testing';
import { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, textUntil } from './support/browser';
import { TestCluster } from './support/cluster';
import { shellTask, TestFramework } from './support/framework';

describe('master web UI in a browser', () => {
  let cluster: TestCluster;
  let fw: TestFramework;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    cluster = await TestCluster.start({ agents: 2 });
    fw = new TestFramework(cluster.masterAddress, { name: 'ui-e2e' });
    await fw.start();
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await fw?.stop();
    await cluster?.stop();
  });

  it('serves the UI at / while the API, metrics and unknown paths answer as before', async () => {
    const index = await fetch(`${cluster.masterUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(await index.text()).toContain('<main id="view"');
    expect((await fetch(`${cluster.masterUrl}/app.js`)).status).toBe(200);
    expect(((await (await fetch(`${cluster.masterUrl}/master/state`)).json()) as { slaves: unknown[] }).slaves).toHaveLength(2);
    expect((await fetch(`${cluster.masterUrl}/version`)).status).toBe(200);
    const missing = await fetch(`${cluster.masterUrl}/no/such/path`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Not found' });
    const bad = await fetch(`${cluster.masterUrl}/master/sandbox?task_id=x`);
    expect(bad.status).toBe(400);
  });

  it('shows the overview: 2 active agents and CPU, memory and disk bars', async () => {
    await page.goto(`${cluster.masterUrl}/`);
    await textUntil(page, '[data-stat="agents"]', (t) => t.startsWith('2 / 2'), 'the overview to count 2 of 2 agents');
    const meters = await page.locator('section.card meter').evaluateAll((els) => els.map((m) => [m.id, Number(m.getAttribute('max'))]));
    expect(meters).toEqual([
      ['bar-cpus', 8],
      ['bar-memory', 4096],
      ['bar-disk', 8192],
    ]);
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('Cluster overview');
    expect(await page.locator('#live').textContent()).toMatch(/^Updated/);
    await screenshot(page, 'master-overview');
  });

  it('lists both agents with their address, resources, attributes and health', async () => {
    await page.getByRole('link', { name: 'Agents', exact: true }).click();
    const state = await cluster.state();
    await textUntil(page, 'main table caption', (t) => t === '2 of 2 agents active', 'the agents table');
    const rows = await page.locator('main table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toHaveLength(2);
    for (const [i, agent] of cluster.agents.entries()) {
      const id = state.slaves.find((s) => s.attributes.index === i)!.id;
      const row = rows.find((r) => r[0] === id)!;
      expect(row).toEqual([id, `127.0.0.1:${agent.httpPort}`, `cpus 4 · mem 2.0 GB · disk 4.0 GB · ports [${31000 + i * 100}-${31099 + i * 100}]`, 'cpus 0 · mem 0 MB · disk 0 MB', `index:${i}`, '0', 'active']);
    }
    await screenshot(page, 'master-agents');
  });

  it('shows a running task with its agent and start time, and its stdout link gives its output', async () => {
    const state = await cluster.state();
    const agent0 = state.slaves.find((s) => s.attributes.index === 0)!;
    const offer = await fw.takeOffer((o) => o.agentId === agent0.id);
    await fw.driver.launch(offer.id, [shellTask('hello-task', offer.agentId, 'echo hello-ui; echo oops-ui >&2; sleep 60')]);
    await fw.waitForState('hello-task', 'TASK_RUNNING');

    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    const row = page.locator('main table').first().locator('tbody tr', { has: page.locator('[data-task-id="hello-task"]') });
    await waitFor(async () => (await row.locator('.badge').textContent({ timeout: 1_000 }).catch(() => '')) === 'RUNNING', { timeoutMs: 20_000, description: 'hello-task RUNNING in the tasks table' });
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual(['hello-task', 'hello-task', 'ui-e2e', 'RUNNING', `127.0.0.1:${cluster.agents[0].httpPort}`]);
    expect(cells[5]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);

    const hrefOf = async (file: string) => new URL((await row.locator(`a[data-file="${file}"]`).getAttribute('href'))!, page.url()).toString();
    const stdoutUrl = await hrefOf('stdout');
    const stdout = await waitFor(
      async () => {
        const res = await page.request.get(stdoutUrl);
        const body = await res.text();
        return res.status() === 200 && body.includes('hello-ui') ? res : undefined;
      },
      { timeoutMs: 10_000, description: 'the stdout link to answer with the output' },
    );
    // The master's link redirects to the agent's Mesos file endpoint.
    expect(stdout.url()).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${cluster.agents[0].httpPort}/files/download\\?path=.*%2Fstdout$`));
    const stderr = await page.request.get(await hrefOf('stderr'));
    expect(stderr.status()).toBe(200);
    expect(await stderr.text()).toContain('oops-ui');
    await screenshot(page, 'master-tasks');
  });

  it('shows the framework with its roles, used resources and active tasks, and the agent page with its task', async () => {
    await page.getByRole('link', { name: 'Frameworks', exact: true }).click();
    const row = page.locator('main table').first().locator('tbody tr', { hasText: 'ui-e2e' });
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(['ui-e2e', fw.frameworkId, '*', 'cpus 0.1 · mem 32 MB · disk 0 MB', '1', 'active', expect.stringMatching(/^\d{4}-/)]);
    await screenshot(page, 'master-frameworks');

    await page.getByRole('link', { name: 'Agents', exact: true }).click();
    const state = await cluster.state();
    const agent0 = state.slaves.find((s) => s.attributes.index === 0)!;
    await page.getByRole('link', { name: agent0.id }).click();
    await textUntil(page, 'main h2', (t) => t === `Agent 127.0.0.1:${cluster.agents[0].httpPort}`, 'the agent page');
    await page.locator('[data-task-id="hello-task"]').waitFor();
    expect(await page.locator('#bar-cpus').getAttribute('value')).toBe('0.1');
  });

  it('updates the pages without a reload when a task starts and an agent dies', async () => {
    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    await page.locator('[data-task-id="hello-task"]').waitFor();
    await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
    const state = await cluster.state();
    const agent1 = state.slaves.find((s) => s.attributes.index === 1)!;
    const offer = await fw.takeOffer((o) => o.agentId === agent1.id);
    await fw.driver.launch(offer.id, [shellTask('second-task', offer.agentId, 'sleep 60')]);
    await page.locator('[data-task-id="second-task"]').waitFor({ timeout: 20_000 });

    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await textUntil(page, '[data-stat="tasks"]', (t) => t.startsWith('2'), 'the overview to count 2 running tasks');
    await textUntil(page, '#bar-cpus + .figures', (t) => t.startsWith('0.2 / 8'), 'the CPU bar to show 0.2 of 8 CPUs used');
    await screenshot(page, 'master-overview');
    await cluster.agents[1].process.kill9();
    await textUntil(page, '[data-stat="agents"]', (t) => t.startsWith('1 / 2'), 'the overview to count 1 of 2 agents active');
    expect(await page.locator('[data-stat="agents"]').textContent()).toMatch(/unreachable|disconnected/);

    await page.getByRole('link', { name: 'Agents', exact: true }).click();
    const badge = page.locator('main table tbody tr', { hasText: agent1.id }).locator('.badge');
    await waitFor(async () => ['unreachable', 'disconnected'].includes((await badge.textContent({ timeout: 1_000 }).catch(() => '')) ?? ''), { timeoutMs: 20_000, description: 'agent 1 shown as not active' });
    expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('says so when the master stops answering, and keeps the last data on screen', async () => {
    await cluster.master.stop();
    await textUntil(page, '#live', (t) => t.startsWith('Not refreshed:'), 'the status line to report the failed refresh');
    expect(await page.locator('main table caption').first().textContent()).toBe('1 of 2 agents active');
  });
});
