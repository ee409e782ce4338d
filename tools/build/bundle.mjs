// Bundles every service into one CommonJS file (`dist/main.js`) with esbuild, so the bins start
// without a TypeScript loader. Workspace libs are bundled in; npm dependencies stay external.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];

export const entries = ['apps/master', 'apps/agent', 'apps/marathon', 'apps/chronos', 'apps/lb', 'tools/example-framework'];
/** Extra bundles: the agent's launcher helper, which the agent starts from next to its own bundle. */
const helpers = [{ entry: 'apps/agent/src/launcher/main.ts', outfile: 'apps/agent/dist/launcher.js' }];

const started = Date.now();
const bundles = [...entries.map((dir) => ({ entry: join(dir, 'src', 'main.ts'), outfile: join(dir, 'dist', 'main.js') })), ...helpers];
await Promise.all(
  bundles.map(({ entry, outfile }) =>
    build({
      entryPoints: [join(root, entry)],
      outfile: join(root, outfile),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: true,
      external,
      logLevel: 'warning',
    }),
  ),
);
console.log(`built ${bundles.length} bundles in ${Date.now() - started} ms`);
