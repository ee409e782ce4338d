// Bundles every service into one CommonJS file (`dist/main.js`) with esbuild, so the bins start
// without a TypeScript loader. Workspace libs are bundled in; npm dependencies stay external.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];

export const entries = ['apps/master', 'apps/agent', 'apps/marathon', 'apps/chronos', 'apps/lb', 'tools/example-framework'];
/** Extra bundles: the agent's launcher helper, which the agent starts from next to its own bundle. */
const helpers = [{ entry: 'apps/agent/src/launcher/main.ts', outfile: 'apps/agent/dist/launcher.js' }];

/** `node tools/build/bundle.mjs apps/marathon` builds only that service (and its UI); no argument: all. */
const only = process.argv.slice(2);
const selected = only.length > 0 ? entries.filter((dir) => only.includes(dir)) : entries;
const started = Date.now();
const bundles = [
  ...selected.map((dir) => ({ entry: join(dir, 'src', 'main.ts'), outfile: join(dir, 'dist', 'main.js') })),
  ...helpers.filter((h) => selected.some((dir) => h.entry.startsWith(`${dir}/`))),
];
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

// Web UIs (master, Marathon, Chronos): `src/ui/main.ts` is bundled for the browser into `dist/ui/app.js`,
// beside `src/ui/index.html` and the shared stylesheet; the service serves that folder (libs/service ui.ts).
const uis = selected.filter((dir) => existsSync(join(root, dir, 'src', 'ui', 'main.ts')));
await Promise.all(
  uis.map(async (dir) => {
    const out = join(root, dir, 'dist', 'ui');
    mkdirSync(out, { recursive: true });
    await build({
      entryPoints: [join(root, dir, 'src', 'ui', 'main.ts')],
      outfile: join(out, 'app.js'),
      bundle: true,
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
      sourcemap: true,
      minify: true,
      logLevel: 'warning',
    });
    copyFileSync(join(root, dir, 'src', 'ui', 'index.html'), join(out, 'index.html'));
    copyFileSync(join(root, 'libs', 'ui', 'src', 'style.css'), join(out, 'style.css'));
  }),
);
console.log(`built ${bundles.length} bundles and ${uis.length} web UIs in ${Date.now() - started} ms`);
