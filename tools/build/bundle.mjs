// Bundles every service into one CommonJS file (`dist/main.js`) with esbuild, so the bins start
// without a TypeScript loader. Workspace libs are bundled in; npm dependencies stay external.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];

export const entries = ['apps/master', 'apps/agent', 'apps/marathon', 'tools/example-framework'];

const started = Date.now();
await Promise.all(
  entries.map((dir) =>
    build({
      entryPoints: [join(root, dir, 'src', 'main.ts')],
      outfile: join(root, dir, 'dist', 'main.js'),
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
console.log(`built ${entries.length} bundles in ${Date.now() - started} ms`);
