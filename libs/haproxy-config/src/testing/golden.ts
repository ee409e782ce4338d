/**
 * Golden files for the renderer: `src/__fixtures__/<name>`, compared byte for byte. `UPDATE_GOLDEN=1`
 * rewrites them (review the diff). Paths under the test options' scratch folder are written `<scratch>`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { certPath } from './haproxy-check';

const FIXTURES = join(__dirname, '..', '__fixtures__');

/** `text` with the scratch folder (admin socket, state file, certificate) as `<scratch>`. */
export function maskScratch(text: string): string {
  return text.split(dirname(certPath())).join('<scratch>');
}

/** The fixture's text, written first when `UPDATE_GOLDEN=1`; throws when it does not exist. */
export function goldenText(file: string, actual: string): string {
  const path = join(FIXTURES, file);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(path, actual);
  if (!existsSync(path)) throw new Error(`${path} is missing: run with UPDATE_GOLDEN=1 to write it, then review it`);
  return readFileSync(path, 'utf8');
}
