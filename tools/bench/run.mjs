// Runs a TypeScript benchmark: `node tools/bench/run.mjs <name> [args...]` bundles
// tools/bench/<name>.bench.ts with esbuild (workspace libs bundled in, npm packages left external)
// and imports the result. The bundle goes under node_modules/.cache so external packages resolve.
// Profile with `node --cpu-prof tools/bench/run.mjs <name>`.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const name = process.argv[2];
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length));

if (!name || !available.includes(name)) {
  console.error(`usage: node tools/bench/run.mjs <name> [args...]   (benchmarks: ${available.join(', ') || 'none'})`);
  process.exit(2);
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
const outdir = join(root, 'node_modules', '.cache', 'strato-bench');
const outfile = join(outdir, `${name}.${process.pid}.bench.mjs`);
mkdirSync(outdir, { recursive: true });

await build({
  entryPoints: [join(here, `${name}.bench.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'inline',
  external,
  // Bundled CommonJS code may still call require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});

try {
  await import(pathToFileURL(outfile).href);
} finally {
  if (existsSync(outfile)) rmSync(outfile);
}
