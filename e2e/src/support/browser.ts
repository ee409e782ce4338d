import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@strato/testing';
import { Browser, chromium, Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..', '..');

/** Debian's chromium (installed by `npm run setup`); `STRATO_CHROMIUM` points elsewhere. */
export const CHROMIUM = process.env.STRATO_CHROMIUM ?? '/usr/bin/chromium';

/** Where screenshots go: `STRATO_TEST_ARTIFACTS_DIR`, else `test-artifacts/ui` at the repository root (kept out of git). */
export const ARTIFACTS_DIR = process.env.STRATO_TEST_ARTIFACTS_DIR ?? join(ROOT, 'test-artifacts', 'ui');

/** A headless Chromium with nothing that reaches beyond loopback. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A laptop-sized page whose uncaught errors and console errors are collected in `errors`. */
export async function openPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.setDefaultTimeout(15_000);
  return { page, errors };
}

/** Saves a full-page screenshot as `<ARTIFACTS_DIR>/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name.replace(/[^A-Za-z0-9_-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Polls the text of the first element matching `selector` until `test` accepts it (the UIs re-read their API every 2 s). */
export async function textUntil(page: Page, selector: string, test: (text: string) => boolean, description: string, timeoutMs = 20_000): Promise<string> {
  return waitFor(
    async () => {
      const text = (await page.locator(selector).first().textContent({ timeout: 1_000 }).catch(() => null)) ?? '';
      return test(text) ? text : undefined;
    },
    { timeoutMs, description },
  );
}
