import { startZooKeeper, tempDir, TestZooKeeper, waitFor } from '@strato/testing';
import { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, textUntil } from './support/browser';
import { getJson, HaService, leadingMasterOf, startHaMaster } from './support/ha-cluster';

interface HealthJson {
  healthy: boolean;
  role: string;
  leader: string | null;
}

describe('master web UI on a standby master (2 masters on ZooKeeper)', () => {
  let zk: TestZooKeeper;
  const masters: HaService[] = [];
  let leader: HaService;
  let standby: HaService;
  let browser: Browser;

  beforeAll(async () => {
    zk = await startZooKeeper();
    const dir = tempDir('strato-ui-standby-');
    for (const name of ['master-0', 'master-1']) masters.push(await startHaMaster(dir, name, zk.url('/strato/master')));
    leader = (await waitFor(() => leadingMasterOf(masters), { timeoutMs: 30_000, description: 'a leading master' }))!;
    standby = masters.find((m) => m !== leader)!;
    await waitFor(async () => (await getJson<HealthJson>(`${leader.url}/health`))?.role === 'leading', { timeoutMs: 30_000, description: 'the leader to finish recovering' });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(masters.map((m) => m.stop()));
    await zk?.stop();
  }, 30_000);

  it('the standby names the leader on /health, serves the UI files and still sends /master/state there (307)', async () => {
    expect(await getJson<HealthJson>(`${standby.url}/health`)).toEqual({ healthy: true, role: 'standby', leader: `127.0.0.1:${leader.port}` });
    expect((await fetch(`${standby.url}/`)).status).toBe(200);
    expect((await fetch(`${standby.url}/app.js`)).status).toBe(200);
    const state = await fetch(`${standby.url}/master/state`, { redirect: 'manual' });
    expect(state.status).toBe(307);
    expect(state.headers.get('location')).toBe(`http://127.0.0.1:${leader.port}/master/state`);
  });

  it("shows a banner naming the leader, then lands on the leader's UI (same route) with its live data", async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${standby.url}/#/agents`);
    const text = await textUntil(page, '#leader-status', (t) => t.includes('Redirecting in'), 'the standby banner');
    expect(text).toMatch(new RegExp(`^This master is a standby; the leading master is 127\\.0\\.0\\.1:${leader.port}\\. Redirecting in [1-5] s … Go now Stay here$`));
    const banner = page.getByRole('status').filter({ hasText: 'This master is a standby' });
    expect(await banner.getByRole('link', { name: `127.0.0.1:${leader.port}` }).getAttribute('href')).toBe(`${leader.url}/`);
    expect(await banner.getByRole('link', { name: 'Go now' }).getAttribute('href')).toBe(`${leader.url}/#/agents`);
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('Not the leading master');
    await textUntil(page, '#live', (t) => t.includes('this master is not the leader'), 'the status line to say why nothing is shown');
    await screenshot(page, 'master-standby');

    await page.waitForURL(`${leader.url}/#/agents`, { timeout: 15_000 });
    await textUntil(page, 'main table caption', (t) => t === '0 of 0 agents active', "the leader's agents page");
    expect(await page.locator('#leader-status').textContent()).toBe('');
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    const id = (await getJson<{ id: string }>(`${leader.url}/master/state`))!.id;
    await textUntil(page, 'section[aria-label="Master"] dd', (t) => t === id, "the leader's id in the overview");
    expect(await page.locator('#live').textContent()).toMatch(/^Updated/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('"Stay here" (from the keyboard) stops the countdown and keeps a link to the leader', async () => {
    const { page, errors } = await openPage(browser);
    await page.clock.install();
    await page.goto(`${standby.url}/#/frameworks`);
    await page.getByRole('button', { name: 'Stay here' }).press('Enter');
    const text = await textUntil(page, '#leader-status', (t) => t.includes('Not redirecting'), 'the cancelled banner');
    expect(text).toBe(`This master is a standby; the leading master is 127.0.0.1:${leader.port}. Not redirecting. Go to the leading master`);
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Go to the leading master');
    await page.clock.runFor(10_000); // past the countdown: still here
    expect(await page.evaluate('location.href')).toBe(`${standby.url}/#/frameworks`);
    expect(await page.getByRole('link', { name: 'Go to the leading master' }).getAttribute('href')).toBe(`${leader.url}/#/frameworks`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
