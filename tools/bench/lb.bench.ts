// In-process HAProxy-bridge render benchmark: no cluster, no processes, no HAProxy. Builds the Marathon
// `GET /v2/apps?embed=apps.tasks` body for 1,000 apps × 10 RUNNING tasks (one service port each, so
// 10,000 backend servers; every 5th app with an HTTP health check and alive results, every 3rd with a
// VHOST, every 7th sticky, every 11th checking another task port), then times, per regeneration,
// `toMarathonApps` + `servicesFromApps` + `renderConfig` (with the previous render, as apps/lb does:
// servers keep their slots) after a warm-up: p50/p99/max, and each stage on its own. Then one task of
// one app is replaced and `renderConfig` + `planApply` are timed for that change (the plan must be
// runtime-API commands, not a reload), and renderConfig without a previous render (nothing to reuse).
// Prints ratios to marathon-lb's regeneration anchor and to the 20 ms target; never asserts timings.
// Figures swing with V8's young-generation GC: each regeneration allocates the apps, tasks and servers anew. So the
// npm script runs with the node flag strato-lb runs with (`--max-semi-space-size=64`, its bin's shebang), and
// takes 100 renders so that p99 is not just the max. Profile with `node --cpu-prof tools/bench/run.mjs lb`.
// Then the cluster part (lb-cluster.ts): master + 2 agents + Marathon + strato-lb with a real HAProxy; an app
// scaled up and down for some rounds: event-to-routed latency, killed-to-unrouted, reloads vs runtime updates.
//   npm run bench:lb [-- --apps 1000] [-- --tasks 10] [-- --renders 100] [-- --no-cluster] [-- --rounds 3] [-- --keep]
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_TEMPLATES,
  planApply,
  renderConfig,
  servicesFromApps,
  toMarathonApps,
  type HealthMemory,
  type LbOptions,
  type Rendered,
} from '@strato/haproxy-config';
import { percentile, vs } from './bench-utils';
import { lbClusterBench } from './lb-cluster';

const argv = process.argv;
const argValue = (name: string, def: number): number => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : def);
const APPS = argValue('--apps', 1_000);
const TASKS_PER_APP = argValue('--tasks', 10);
const RENDERS = argValue('--renders', 100);
/** `--no-cluster`: the render part only. `--rounds N`: scale rounds of the cluster part. `--keep`: keep its work dir and logs. */
const NO_CLUSTER = argv.includes('--no-cluster');
const ROUNDS = argValue('--rounds', 3);
const KEEP = argv.includes('--keep');
const WARMUP = 5;
const TARGET_MS = 20;
/**
 * servicerouter.py (marathon-lb's predecessor) regenerated the config for "~50 apps" in 0.8–1.7 s once it
 * used one `/v2/apps?embed=apps.tasks` call (MAR PR #2115; servicediscovery.md §8 and its sources table,
 * quoted by performance.md §3.6 "Generating a config for thousands of backends should take milliseconds").
 * Ratios use the fast end, 0.8 s, and that was for ~50 apps, not 1,000: the ratio flatters the anchor.
 */
const ANCHOR_MS = 800;
const ANCHOR = 'servicerouter/marathon-lb regeneration 0.8 s for ~50 apps (MAR PR #2115)';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

const options: LbOptions = {
  groups: ['external'],
  strictMode: false,
  healthCheck: true,
  bindHttpHttps: true,
  sslCerts: ['/etc/haproxy/certs/lb.pem'],
  httpPort: 80,
  httpsPort: 443,
  statsPort: 9090,
  adminSocket: '/run/strato-lb/admin.sock',
  serverStateFile: '/var/lib/strato-lb/global.state',
};

const hostOf = (n: number, k: number) => `10.${(n + k) % 20}.${Math.floor(n / 250)}.${n % 250}`;

function marathonTask(appId: string, n: number, k: number, checked: boolean, host = hostOf(n, k)): Record<string, unknown> {
  const id = `${appId.slice(1).replace(/\//g, '_')}.instance-${String(n).padStart(8, '0')}-${String(k).padStart(4, '0')}._app.1`;
  const at = new Date(T0 + 60_000 + n * 10 + k).toISOString();
  return {
    id, appId, host, ports: [31_000 + ((n * 2 + k) % 1_000), 31_001 + ((n * 2 + k) % 1_000)], ipAddresses: [{ ipAddress: host, protocol: 'IPv4' }],
    slaveId: `agent-${(n + k) % 20}`, state: 'TASK_RUNNING', stagedAt: at, startedAt: at, version: new Date(T0 + n).toISOString(),
    ...(checked ? { healthCheckResults: [{ alive: true, consecutiveFailures: 0, firstSuccess: at, lastSuccess: at, taskId: id }] } : {}),
  };
}

function marathonApp(n: number): Record<string, unknown> {
  const id = `/bench/group-${n % 50}/app-${n}`;
  const checked = n % 5 === 0;
  const labels: Record<string, string> = { HAPROXY_GROUP: 'external', team: `team-${n % 10}` };
  if (n % 3 === 0) labels['HAPROXY_0_VHOST'] = `app-${n}.example.com`;
  if (n % 7 === 0) Object.assign(labels, { HAPROXY_0_MODE: 'http', HAPROXY_0_STICKY: 'true' });
  if (n % 11 === 0) labels['HAPROXY_0_BACKEND_HEALTHCHECK_PORT_INDEX'] = '1';
  return {
    id, cmd: `python3 -m http.server $PORT0 # app ${n}`, cpus: 0.1, mem: 32, instances: TASKS_PER_APP, labels,
    env: { APP_INDEX: String(n) },
    portDefinitions: [{ port: 10_000 + n, name: 'http', protocol: 'tcp' }, { port: 0, name: 'admin', protocol: 'tcp' }],
    healthChecks: checked ? [{ protocol: 'HTTP', path: '/health', portIndex: 0, intervalSeconds: 10, timeoutSeconds: 5, maxConsecutiveFailures: 3 }] : [],
    tasks: Array.from({ length: TASKS_PER_APP }, (_, k) => marathonTask(id, n, k, checked)),
  };
}

interface Stages {
  convert: number;
  services: number;
  render: number;
  total: number;
}

/** One regeneration from the parsed body, as apps/lb runs it. */
function regenerate(body: unknown, memory: HealthMemory, previous?: Rendered): { rendered: Rendered; memory: HealthMemory; stages: Stages } {
  const t0 = performance.now();
  const apps = toMarathonApps(body);
  const t1 = performance.now();
  const selected = servicesFromApps(apps, options, memory);
  const t2 = performance.now();
  const rendered = renderConfig(selected.services, DEFAULT_TEMPLATES, options, previous);
  const t3 = performance.now();
  return { rendered, memory: selected.memory, stages: { convert: t1 - t0, services: t2 - t1, render: t3 - t2, total: t3 - t0 } };
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
const spread = (xs: readonly number[]) =>
  `p50 ${fmt(percentile(xs, 50))}  p99 ${fmt(percentile(xs, 99))}  max ${fmt(Math.max(...xs))}  (min ${fmt(Math.min(...xs))})`;

function main(): void {
  console.log(`lb render benchmark (in process, no cluster): node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const raw = { apps: Array.from({ length: APPS }, (_, n) => marathonApp(n)) };
  const json = JSON.stringify(raw);
  const parseStart = performance.now();
  const body: unknown = JSON.parse(json);
  const parseMs = performance.now() - parseStart;
  console.log(`  ${APPS} apps × ${TASKS_PER_APP} RUNNING tasks as Marathon JSON: ${(json.length / 1e6).toFixed(2)} MB (JSON.parse ${fmt(parseMs)}, not counted below)`);

  let memory: HealthMemory = new Map();
  let previous: Rendered | undefined;
  for (let i = 0; i < WARMUP; i++) ({ rendered: previous, memory } = regenerate(body, memory, previous));
  const stages: Stages[] = [];
  for (let i = 0; i < RENDERS; i++) {
    const one = regenerate(body, memory, previous);
    stages.push(one.stages);
    ({ rendered: previous, memory } = one);
  }
  const current = previous!;
  const servers = [...current.backends.values()].reduce((sum, slots) => sum + slots.filter((s) => s.enabled).length, 0);
  const slots = [...current.backends.values()].reduce((sum, s) => sum + s.length, 0);
  console.log(`  config: ${current.backends.size} backends, ${servers} servers in ${slots} slots, ${(current.text.length / 1e3).toFixed(0)} KB; problems ${current.problems.length}`);
  console.log(`\nregeneration, ${RENDERS} runs after ${WARMUP} warm-up, each with the previous render (slots kept):`);
  const totals = stages.map((s) => s.total);
  console.log(`  toMarathonApps          ${spread(stages.map((s) => s.convert))}`);
  console.log(`  servicesFromApps        ${spread(stages.map((s) => s.services))}`);
  console.log(`  renderConfig            ${spread(stages.map((s) => s.render))}`);
  console.log(`  all three               ${spread(totals)}`);
  const renderP99 = percentile(stages.map((s) => s.render), 99);
  const p99 = percentile(totals, 99);
  const target = (ms: number) => `${vs(TARGET_MS, ms, ' ms', false)} target (render <= ${TARGET_MS} ms for 10,000 backends): ${ms <= TARGET_MS ? 'met' : 'NOT met'}`;
  console.log(`  renderConfig p99 ${fmt(renderP99)}: ${target(renderP99)}`);
  console.log(`  all three p99 ${fmt(p99)}: ${target(p99)}`);
  console.log(`  all three p99 ${fmt(p99)}: ${vs(ANCHOR_MS, p99, ' ms', false)} ${ANCHOR}; that is for ~50 apps, this for ${APPS}`);

  // Without `previous` nothing is reused: apps/lb's first render, and the one after a template change.
  const selected = servicesFromApps(toMarathonApps(body), options, memory).services;
  const cold: number[] = [];
  for (let i = 0; i < Math.max(5, Math.ceil(RENDERS / 4)); i++) {
    const t0 = performance.now();
    renderConfig(selected, DEFAULT_TEMPLATES, options);
    cold.push(performance.now() - t0);
  }
  console.log(`  renderConfig without previous (first render; nothing reused), ${cold.length} runs: ${spread(cold)}`);

  // One task of one app replaced (killed and restarted on another host): slots keep the rest in place.
  const changedApp = raw.apps[Math.floor(APPS / 2)];
  const changedTasks = changedApp['tasks'] as Record<string, unknown>[];
  const n = Math.floor(APPS / 2);
  const changed = {
    apps: raw.apps.map((a) => (a !== changedApp ? a : { ...a, tasks: [...changedTasks.slice(1), marathonTask(a['id'] as string, n, TASKS_PER_APP + 1, n % 5 === 0, `10.99.0.${n % 250}`)] })),
  };
  const changedBody: unknown = JSON.parse(JSON.stringify(changed));
  const changeTimes: number[] = [];
  const planTimes: number[] = [];
  let plan = planApply(current, current);
  for (let i = 0; i < WARMUP + RENDERS; i++) {
    const next = regenerate(changedBody, memory, current);
    const t0 = performance.now();
    plan = planApply(current, next.rendered);
    const t1 = performance.now();
    if (i >= WARMUP) {
      changeTimes.push(next.stages.total + (t1 - t0));
      planTimes.push(t1 - t0);
    }
  }
  console.log(`\none task of ${changedApp['id'] as string} replaced (another host), ${RENDERS} runs:`);
  console.log(`  planApply               ${spread(planTimes)}`);
  console.log(`  regeneration + plan     ${spread(changeTimes)}`);
  const summary = plan.kind === 'runtime' ? `runtime, ${plan.commands.length} commands: ${plan.commands.join('; ')}` : plan.kind === 'reload' ? `RELOAD (${plan.reason}): expected runtime commands` : 'none: expected runtime commands';
  console.log(`  plan: ${summary}`);

  if (plan.kind !== 'runtime') process.exitCode = 1;
}

main();
if (NO_CLUSTER) console.log('\ncluster part skipped (--no-cluster): event-to-routed latency and reloads vs runtime updates need the local cluster');
else void lbClusterBench({ rounds: ROUNDS, keep: KEEP }).then((ok) => {
  if (!ok) process.exitCode = 1;
});
