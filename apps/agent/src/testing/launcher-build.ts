import { buildSync } from 'esbuild';
import { join } from 'node:path';

/** Bundles the launcher helper from source into `dir` (as `npm run build` does) and returns its path. */
export function buildLauncher(dir: string): string {
  const outfile = join(dir, 'launcher.js');
  buildSync({ entryPoints: [join(__dirname, '..', 'launcher', 'main.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
  return outfile;
}
