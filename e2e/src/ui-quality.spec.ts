import { waitFor } from '@strato/testing';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, textUntil } from './support/browser';
import { TestChronos } from './support/chronos';
import { TestCluster } from './support/cluster';
import { TestMarathon } from './support/marathon';

/**
 * Issue 7's quality bar for the three web UIs, checked in Chromium: no horizontal page overflow at laptop widths,
 * named controls, one h1, content in <main>, captioned tables, and forms that work with the keyboard alone.
 */

const WIDTHS = [1280, 1024] as const;
const HEIGHT = 800;
const LONG_APP = `/quality/${'averylongname'.repeat(8)}`;

/** A page to audit: its URL and what must be on screen before it is judged (the UIs load their data after the shell). */
interface Target {
  name: string;
  url: () => string;
  ready: (page: Page) => Promise<unknown>;
}

/** Runs in the page (a string: this file is type-checked without the DOM library). */
const LAYOUT_FACTS = `(() => {
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : '');
  return {
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main').length,
    outsideMain: [...document.querySelectorAll('h2, h3, table, form, dl')].filter((el) => !el.closest('main')).map(describe),
    uncaptioned: [...document.querySelectorAll('table')].filter((t) => !(t.caption && t.caption.textContent.trim())).map(describe),
    wide: [...document.querySelectorAll('main *')]
      .filter((el) => !el.closest('.table-wrap, pre, svg') && (el.getBoundingClientRect().right > window.innerWidth + 0.5 || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible')))
      .slice(0, 3).map(describe),
    brokenWords: brokenWords(),
  };
  // Plain words (2 to 20 letters, as in "State" or "idle") split across two lines: unreadable. IDs may break anywhere.
  function brokenWords() {
    const found = [];
    const walker = document.createTreeWalker(document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('pre, svg, code') || !parent.checkVisibility()) continue;
      for (const m of node.data.matchAll(/(?<![A-Za-z])[A-Za-z]{2,20}(?![A-Za-z])/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) found.push(m[0] + ' in ' + describe(parent));
      }
    }
    return found.slice(0, 5);
  }
})()`;

interface LayoutFacts {
  overflow: number;
  h1: number;
  main: number;
  outsideMain: string[];
  uncaptioned: string[];
  wide: string[];
  brokenWords: string[];
}

/**
 * The accessible name Playwright computes for a control (from its one-line ARIA snapshot: `- role "name"`), and
 * whether a field has a real label (a placeholder or title alone also gives a name, but is no label).
 */
async function accessibleName(page: Page, index: number): Promise<{ what: string; name: string; labelled: boolean }> {
  const control = page.locator('input:not([type=hidden]), select, textarea, button').filter({ visible: true }).nth(index);
  const snapshot = await control.ariaSnapshot();
  const first = snapshot.split('\n')[0];
  const m = /^- ([a-z]+)(?: "((?:[^"\\]|\\.)*)")?/.exec(first);
  const [described, labelled] = await control.evaluate((el) => [
    `${el.tagName.toLowerCase()}[name=${el.getAttribute('name') ?? ''}]`,
    el.tagName === 'BUTTON' || (el as unknown as { labels: ArrayLike<unknown> }).labels.length > 0 || el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby'),
  ]);
  return { what: `${m?.[1] ?? first} ${described}`, name: m?.[2]?.trim() ?? '', labelled: labelled as boolean };
}

/** Everything on the current page (at the current viewport) that falls short, as readable lines. */
async function findings(page: Page, label: string): Promise<string[]> {
  const facts = await page.evaluate<LayoutFacts>(LAYOUT_FACTS);
  const found: string[] = [];
  if (facts.overflow > 0) found.push(`${label}: the page scrolls sideways by ${facts.overflow}px (${facts.wide.join(', ') || '?'})`);
  if (facts.h1 !== 1) found.push(`${label}: ${facts.h1} h1 elements`);
  if (facts.main !== 1) found.push(`${label}: ${facts.main} main elements`);
  if (facts.outsideMain.length > 0) found.push(`${label}: outside <main>: ${facts.outsideMain.join(', ')}`);
  if (facts.brokenWords.length > 0) found.push(`${label}: words broken across lines: ${facts.brokenWords.join('; ')}`);
  if (facts.uncaptioned.length > 0) found.push(`${label}: tables without a caption: ${facts.uncaptioned.length}`);
  const controls = await page.locator('input:not([type=hidden]), select, textarea, button').filter({ visible: true }).count();
  for (let i = 0; i < controls; i++) {
    const { what, name, labelled } = await accessibleName(page, i);
    if (!name) found.push(`${label}: ${what} has no accessible name`);
    else if (!labelled) found.push(`${label}: ${what} is named "${name}" without a label`);
  }
  return found;
}

/** Opens each target, waits for its data, and audits it at each width; screenshots the first at 1024 px as `shot`. */
async function audit(page: Page, ui: string, targets: readonly Target[], shot?: string): Promise<string[]> {
  const found: string[] = [];
  for (const target of targets) {
    await page.setViewportSize({ width: WIDTHS[0], height: HEIGHT });
    await page.goto(target.url());
    await target.ready(page);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT });
      found.push(...(await findings(page, `${ui} ${target.name} at ${width}px`)));
    }
    if (shot && target === targets[0]) await screenshot(page, shot);
  }
  await page.setViewportSize({ width: WIDTHS[0], height: HEIGHT });
  return found;
}

/** What has keyboard focus: its tag, text, href, the text of its label, and whether it sits in the page's nav. */
interface Focused {
  tag: string;
  text: string;
  href: string | null;
  label: string;
  inNav: boolean;
  outline: string;
  outlineWidth: number;
  boxShadow: string;
}

const FOCUSED = `(() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.textContent || '').trim(),
    href: el.getAttribute('href'),
    label: el.labels && el.labels[0] ? el.labels[0].textContent.trim() : '',
    inNav: !!el.closest('nav'),
    outline: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
  };
})()`;

const focused = (page: Page): Promise<Focused> => page.evaluate<Focused>(FOCUSED);

/** Presses Tab until the focused element is accepted (at most `max` presses); returns it. */
async function tabTo(page: Page, accept: (f: Focused) => boolean, description: string, max = 40): Promise<Focused> {
  for (let i = 0; i <= max; i++) {
    const now = await focused(page);
    if (accept(now)) return now;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${description} in ${max} presses (last: ${JSON.stringify(await focused(page))})`);
}

/** Tabs to the field labelled `label`, replaces its value by typing `value`. */
async function typeInto(page: Page, label: string, value: string): Promise<void> {
  await tabTo(page, (f) => f.label === label, `the ${label} field`);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(value);
}

describe('web UI quality: layout at laptop widths, names, landmarks and keyboard use', () => {
  let cluster: TestCluster;
  let marathon: TestMarathon;
  let chronos: TestChronos;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let taskId: string;

  beforeAll(async () => {
    cluster = await TestCluster.start({ agents: 1 });
    [marathon, chronos, browser] = await Promise.all([TestMarathon.start(cluster), TestChronos.start(cluster), launchBrowser()]);
    ({ page, errors } = await openPage(browser));
    page.on('dialog', (dialog) => void dialog.dismiss());
    // Data on every page: a running app (a task on the master), an app no offer fits (a deployment and a queue
    // entry), a job that ran (a run row) and a dependent job (a graph edge).
    expect((await marathon.post('/v2/apps', { id: '/quality/web', cmd: 'sleep 600', cpus: 0.1, mem: 32, instances: 1 })).status).toBe(201);
    expect((await marathon.post('/v2/apps', { id: '/quality/huge', cmd: 'sleep 600', cpus: 100, mem: 32, instances: 1 })).status).toBe(201);
    await chronos.upsert({ name: 'quality-parent', command: 'echo parent', schedule: 'R/2099-01-01T00:00:00Z/PT24H' });
    await chronos.upsert({ name: 'quality-child', command: 'echo child', parents: ['quality-parent'] });
    expect((await chronos.request('PUT', '/scheduler/job/quality-parent')).status).toBe(204);
    taskId = (await marathon.waitForRunning('/quality/web', 1)).tasks[0].id;
    await chronos.waitForRun('quality-parent', (r) => r.state === 'success', 'that succeeded');
  });

  afterAll(async () => {
    await browser?.close();
    await marathon?.stop();
    await chronos?.stop();
    await cluster?.stop();
  });

  const mainText = (want: (text: string) => boolean, description: string) => (p: Page) => textUntil(p, 'main', want, description);

  it('master: overview, agents, frameworks and tasks pass at 1280 and 1024 px', async () => {
    const url = (hash: string) => () => `${cluster.masterUrl}/${hash}`;
    const found = await audit(page, 'master', [
      { name: 'overview', url: url('#/'), ready: (p) => textUntil(p, '[data-stat="agents"]', (t) => t.startsWith('1 / 1'), '1 of 1 agents') },
      { name: 'agents', url: url('#/agents'), ready: (p) => textUntil(p, 'main table caption', (t) => t === '1 of 1 agents active', 'the agents table') },
      { name: 'frameworks', url: url('#/frameworks'), ready: mainText((t) => t.includes('marathon') && t.includes('chronos'), 'both frameworks') },
      { name: 'tasks', url: url('#/tasks'), ready: mainText((t) => t.includes(taskId), 'the app\'s task') },
    ], 'master-1024');
    expect(found).toEqual([]);
  });

  it('Marathon: apps, an app, create, deployments and queue pass at 1280 and 1024 px', async () => {
    const url = (hash: string) => () => `${marathon.url}/ui/${hash}`;
    const found = await audit(page, 'marathon', [
      { name: 'apps', url: url('#/'), ready: mainText((t) => t.includes('/quality/web') && t.includes('/quality/huge'), 'both apps') },
      { name: 'app', url: url('#/apps/quality/web'), ready: mainText((t) => t.includes('TASK_RUNNING') && t.includes('Versions (1)'), 'the app page') },
      { name: 'create', url: url('#/create'), ready: (p) => p.getByLabel('Instances', { exact: true }).waitFor() },
      { name: 'deployments', url: url('#/deployments'), ready: (p) => p.getByRole('button', { name: 'Rollback' }).waitFor() },
      { name: 'queue', url: url('#/queue'), ready: mainText((t) => t.includes('Not enough CPUs'), 'why /quality/huge waits') },
    ], 'marathon-1024');
    expect(found).toEqual([]);
  });

  it('Marathon: an app ID with no place to break it scrolls the apps table, never the page', async () => {
    expect((await marathon.post('/v2/apps', { id: LONG_APP, cmd: 'sleep 600', cpus: 0.1, mem: 32, instances: 0 })).status).toBe(201);
    const url = (hash: string) => () => `${marathon.url}/ui/${hash}`;
    const found = await audit(page, 'marathon', [
      { name: 'apps with a long ID', url: url('#/'), ready: mainText((t) => t.includes(LONG_APP), 'the long ID in the apps') },
      { name: 'app with a long ID', url: url(`#/apps${LONG_APP}`), ready: mainText((t) => t.includes('Versions (1)'), 'the long app page') },
    ]);
    expect(found).toEqual([]);

    await page.goto(url('#/')());
    await page.getByRole('link', { name: LONG_APP, exact: true }).waitFor();
    await page.setViewportSize({ width: 1024, height: HEIGHT });
    const wrap = page.locator('.table-wrap', { has: page.locator('caption', { hasText: 'Applications' }) });
    expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeGreaterThan(0);
    expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBe(0);
    await page.setViewportSize({ width: WIDTHS[0], height: HEIGHT });
  });

  it('Chronos: jobs, a job, the form and the graph pass at 1280 and 1024 px', async () => {
    const url = (hash: string) => () => `${chronos.url}/${hash}`;
    const found = await audit(page, 'chronos', [
      { name: 'jobs', url: url('#/'), ready: mainText((t) => t.includes('quality-child'), 'the jobs') },
      { name: 'job', url: url('#/jobs/quality-parent'), ready: mainText((t) => t.includes('stdout') && t.includes('1 succeeded'), 'the run') },
      { name: 'create', url: url('#/create'), ready: (p) => p.getByLabel('Memory (MB)', { exact: true }).waitFor() },
      { name: 'graph', url: url('#/graph'), ready: (p) => p.locator('svg line.graph-edge').waitFor({ state: 'attached' }) },
    ], 'chronos-1024');
    expect(found).toEqual([]);
  });

  it('master: Tab reaches every nav link, each with a visible focus ring, and Enter follows it', async () => {
    await page.goto(`${cluster.masterUrl}/#/`);
    await textUntil(page, '[data-stat="agents"]', (t) => t.startsWith('1 / 1'), 'the overview');
    const seen: Focused[] = [];
    for (const href of ['#/', '#/agents', '#/frameworks', '#/tasks']) seen.push(await tabTo(page, (f) => f.inNav && f.href === href, `the ${href} link`));
    expect(seen.map((f) => f.text)).toEqual(['Overview', 'Agents', 'Frameworks', 'Tasks']);
    const ring = (f: Focused): string => (f.outline !== 'none' && f.outlineWidth > 0 ? 'outline' : f.boxShadow !== 'none' ? 'box-shadow' : 'none');
    expect(seen.filter((f) => ring(f) === 'none').map((f) => f.text)).toEqual([]);

    await page.keyboard.press('Shift+Tab'); // back to Frameworks
    await page.keyboard.press('Shift+Tab'); // back to Agents
    expect((await focused(page)).text).toBe('Agents');
    await page.keyboard.press('Enter');
    await textUntil(page, 'main table caption', (t) => t === '1 of 1 agents active', 'the agents page after Enter');
  });

  it('Marathon: the create form is reached, filled and submitted with the keyboard alone', async () => {
    await page.goto(`${marathon.url}/ui/#/`);
    await mainText((t) => t.includes('/quality/web'), 'the apps')(page);
    await tabTo(page, (f) => f.inNav && f.href === '#/create', 'the Create app link in the nav');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Create an app', level: 2 }).waitFor();
    await typeInto(page, 'ID', '/quality/keyboard');
    await typeInto(page, 'Command', 'sleep 600');
    await typeInto(page, 'CPUs', '0.1');
    await typeInto(page, 'Memory (MB)', '32');
    await typeInto(page, 'Instances', '1');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Applications', level: 2 }).waitFor();
    await page.getByRole('link', { name: '/quality/keyboard', exact: true }).waitFor();
    expect(await marathon.app('/quality/keyboard')).toMatchObject({ cmd: 'sleep 600', cpus: 0.1, mem: 32, instances: 1 });
    expect((await marathon.api('/v2/apps/quality/keyboard', { method: 'DELETE' })).status).toBe(200);
    await waitFor(async () => (await marathon.api('/v2/apps/quality/keyboard')).status === 404 || undefined, { description: 'the keyboard app destroyed' });
  });

  it('Chronos: the new-job form is reached, filled and submitted with the keyboard alone', async () => {
    await page.goto(`${chronos.url}/#/`);
    await mainText((t) => t.includes('quality-child'), 'the jobs')(page);
    await tabTo(page, (f) => f.inNav && f.href === '#/create', 'the New job link in the nav');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New job', level: 2 }).waitFor();
    await typeInto(page, 'Name', 'quality-keyboard');
    await typeInto(page, 'Command', 'echo keyboard');
    await typeInto(page, 'Schedule', 'R/2099-01-01T00:00:00Z/PT24H');
    await typeInto(page, 'CPUs', '0.1');
    await typeInto(page, 'Memory (MB)', '32');
    await page.keyboard.press('Enter');

    await page.waitForFunction('location.hash === "#/jobs/quality-keyboard"');
    expect(await chronos.job('quality-keyboard')).toMatchObject({ command: 'echo keyboard', cpus: 0.1, mem: 32, schedule: 'R/2099-01-01T00:00:00.000Z/PT24H' });
    await page.goto(`${chronos.url}/#/`);
    await page.locator('main table tbody tr').getByRole('link', { name: 'quality-keyboard', exact: true }).waitFor();
  });

  it('logged no page or console errors', () => {
    expect(errors).toEqual([]);
  });
});
