// In-process `GET /v2/apps` benchmark: no cluster, no processes. A MarathonRepository over a
// MemoryStore holds 1,000 apps × 10 RUNNING instances (env, labels, two ports, an HTTP health check on
// every fifth app, probed by a fake that always answers healthy); the HTTP app is built as
// apps/marathon/src/marathon.ts builds it (createMarathonCore + marathonApiRoutes on createHttpApp)
// with a fake driver and the system clock, listens on a free port, and sequential
// requests time `/v2/apps?embed=apps.tasks`, `/v2/apps` and `/v2/tasks` (p50/p99/max, response size,
// ratio to the 100 ms target). Never asserts timings. Profile the bundle with `node --cpu-prof`.
//   npm run bench:marathon-list [-- --apps 1000] [-- --tasks 10] [-- --requests 100] [-- --path /v2/apps]
import { performance } from 'node:perf_hooks';
import { withDefaults, type AppDefinition } from '@strato/app-definition';
import { sequentialIds, systemClock } from '@strato/clock';
import { MemoryStore } from '@strato/coordination';
import { createHttpApp, listenHttp } from '@strato/service';
import { FakeDriver } from '../../apps/marathon/src/core/test-harness';
import { createMarathonCore } from '../../apps/marathon/src/core/marathon-core';
import { EventBus } from '../../apps/marathon/src/events';
import { marathonApiRoutes } from '../../apps/marathon/src/http/api-routes';
import { marathonErrorHandler, notFoundHandler } from '../../apps/marathon/src/http/errors';
import { MarathonRepository, type Instance } from '../../apps/marathon/src/state';
import { percentile, vs } from './bench-utils';

const argv = process.argv;
const argValue = (name: string, def: number): number => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : def);
const APPS = argValue('--apps', 1_000);
const TASKS_PER_APP = argValue('--tasks', 10);
const REQUESTS = argValue('--requests', 100);
/** `--path P`: only that request (e.g. `/v2/apps?embed=apps.tasks`). */
const PATHS = argv.includes('--path') ? [argv[argv.indexOf('--path') + 1]] : ['/v2/apps?embed=apps.tasks', '/v2/apps', '/v2/tasks'];
const WARMUP = 5;
const TARGET_MS = 100;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
/** Request to last byte handed to the socket, measured in the server (the in-process client shares the CPU). */
const serverTimes: number[] = [];
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function benchApp(n: number): AppDefinition {
  const checked = n % 5 === 0;
  return withDefaults(
    {
      id: `/bench/group-${n % 50}/app-${n}`,
      cmd: `python3 -m http.server $PORT0 # app ${n}`,
      cpus: 0.1,
      mem: 32,
      instances: TASKS_PER_APP,
      env: { APP_INDEX: String(n), LOG_LEVEL: 'info', DATABASE_URL: `postgres://db-${n % 7}.internal:5432/app` },
      labels: { team: `team-${n % 10}`, tier: n % 3 === 0 ? 'frontend' : 'backend', HAPROXY_GROUP: 'external' },
      portDefinitions: [{ port: 10_000 + 2 * n, name: 'http' }, { port: 10_001 + 2 * n, name: 'admin' }],
      ...(checked ? { healthChecks: [{ protocol: 'HTTP', path: '/health', portIndex: 0, intervalSeconds: 10 }] } : {}),
    },
    { now: T0 + n },
  );
}

function benchInstances(app: AppDefinition, n: number): Instance[] {
  const prefix = app.id.slice(1).replace(/\//g, '_');
  return Array.from({ length: TASKS_PER_APP }, (_, k) => {
    const uuid = `${String(n).padStart(8, '0')}-0000-4000-8000-${String(k).padStart(12, '0')}`;
    const instanceId = `${prefix}.instance-${uuid}`;
    const at = new Date(T0 + 60_000 + n * 10 + k).toISOString();
    return {
      instanceId, appId: app.id, taskId: `${instanceId}._app.1`, agentId: `agent-${(n + k) % 20}`, hostname: `10.0.${k}.${n % 250}`,
      hostPorts: [31_000 + ((n * 2) % 1_000), 31_001 + ((n * 2) % 1_000)], state: 'TASK_RUNNING', goal: 'Running',
      appVersion: app.version, configVersion: app.versionInfo.lastConfigChangeAt, stagedAt: at, startedAt: at,
      ...(app.healthChecks.length > 0 ? { healthy: true } : {}),
    };
  });
}

async function loadRepository(): Promise<MarathonRepository> {
  const repository = await MarathonRepository.load(new MemoryStore());
  for (let n = 0; n < APPS; n++) {
    const app = benchApp(n);
    await repository.putApp(app);
    await repository.writeInstances(benchInstances(app, n).map((put) => ({ put })));
  }
  return repository;
}

async function serve(repository: MarathonRepository): Promise<{ base: string; close: () => Promise<void> }> {
  const driver = new FakeDriver();
  const handle = createMarathonCore({
    repository, bus: new EventBus({ clock: systemClock }), clock: systemClock, ids: sequentialIds('bench'), driverRef: () => driver, logger: quiet,
    healthProbe: async () => ({ ok: true }),
    config: { mesosRole: '*', declineOfferDurationMs: 120_000, maxRunningDeployments: 100, maxInstancesPerOffer: 100, tickSpacingMs: 25 },
  });
  const app = createHttpApp();
  app.use((_req, res, next) => {
    const start = performance.now();
    res.once('finish', () => serverTimes.push(performance.now() - start));
    next();
  });
  marathonApiRoutes(app, handle.core, { now: () => new Date(systemClock.now()) });
  app.use(notFoundHandler);
  app.use(marathonErrorHandler((error) => console.error(String(error))));
  const http = await listenHttp(app, '127.0.0.1', 0);
  await handle.start();
  await new Promise((resolve) => setTimeout(resolve, 500)); // the first health probes (always healthy) answer
  return { base: `http://127.0.0.1:${http.port}`, close: () => (handle.stop(), http.close()) };
}

async function timeGet(url: string): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  const ms = performance.now() - start;
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return { ms, bytes: body.byteLength };
}

async function scenario(base: string, path: string): Promise<void> {
  for (let i = 0; i < WARMUP; i++) await timeGet(base + path);
  const times: number[] = [];
  let bytes = 0;
  serverTimes.length = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const one = await timeGet(base + path);
    times.push(one.ms);
    bytes = one.bytes;
  }
  const p99 = percentile(times, 99);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`GET ${path.padEnd(24)} p50 ${fmt(percentile(times, 50))}  p99 ${fmt(p99)}  max ${fmt(Math.max(...times))}` +
    `  ${(bytes / 1e6).toFixed(2)} MB  (p99 ${vs(TARGET_MS, p99, ' ms', false)} target)`);
  console.log(`    in the server: p50 ${fmt(percentile(serverTimes, 50))}  p99 ${fmt(percentile(serverTimes, 99))}`);
}

async function main(): Promise<void> {
  const loadStart = performance.now();
  const repository = await loadRepository();
  console.log(`${APPS} apps × ${TASKS_PER_APP} RUNNING tasks loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s; ${REQUESTS} sequential requests each (after ${WARMUP} warm-up)`);
  const server = await serve(repository);
  try {
    for (const path of PATHS) await scenario(server.base, path);
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
