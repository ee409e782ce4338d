// Generates libs/proto/src/gen from proto/ with ts-proto (protoc ships inside the `protoc` npm package).
// `node tools/proto/generate.mjs --check` fails if the committed code is out of date.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const protoDir = join(root, 'proto');
const outDir = join(root, 'libs', 'proto', 'src', 'gen');
const check = process.argv.includes('--check');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.proto') ? [join(dir, e.name)] : [],
  );
}

const options = [
  'outputServices=grpc-js',
  'esModuleInterop=true',
  'env=node',
  'useOptionals=messages',
  'oneof=unions-value',
  'forceLong=number',
  'stringEnums=true',
  'exportCommonSymbols=false',
  'outputJsonMethods=false',
  'outputPartialMethods=false',
];
const target = check ? mkdtempSync(join(tmpdir(), 'strato-proto-')) : outDir;
if (!check) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
}
execFileSync(
  process.execPath,
  [
    join(root, 'node_modules', 'protoc', 'protoc.cjs'),
    `--plugin=protoc-gen-ts_proto=${join(root, 'node_modules', '.bin', 'protoc-gen-ts_proto')}`,
    `--ts_proto_out=${target}`,
    `--ts_proto_opt=${options.join(',')}`,
    `-I${protoDir}`,
    ...walk(protoDir).map((f) => relative(protoDir, f)),
  ],
  { stdio: 'inherit', cwd: protoDir },
);
if (check) {
  const stale = walk(protoDir)
    .map((f) => relative(protoDir, f).replace(/\.proto$/, '.ts'))
    .filter((f) => !existsSync(join(outDir, f)) || readFileSync(join(outDir, f), 'utf8') !== readFileSync(join(target, f), 'utf8'));
  rmSync(target, { recursive: true, force: true });
  if (stale.length) {
    console.error(`generated code is stale: ${stale.join(', ')}; run npm run proto:gen`);
    process.exit(1);
  }
  console.log('generated code is up to date');
} else {
  console.log(`generated ${relative(root, outDir)}`);
}
