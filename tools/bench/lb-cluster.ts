// The cluster part of bench:lb: master + 2 agents + Marathon (cluster-utils) and strato-lb with a real
// HAProxy, all processes on free ports in a temp dir. An app in group `external` (fixed service port, a tiny
// node HTTP server answering its task id, no health check) is scaled in steps for some rounds while other
// apps are created and deleted (structural changes: reloads). Measures, from Marathon's event stream:
//   - event-to-routed: status_update_event TASK_RUNNING -> a usable server with that addr:port in the app's
//     backend (HAProxy's runtime state, `show servers state` on the admin socket every ~5 ms: srv_op_state 2 and
//     no maintenance/drain flag in srv_admin_state, see lb-probe.ts), cross-checked
//     on a sample with requests through HAProxy that reach that task id;
//   - killed-to-unrouted: TASK_KILLED / TASK_FINISHED -> no usable server with that addr:port;
//   - lb's reloads vs runtime updates (its /metrics and its 'config applied' log lines), CPU per service.
// Prints figures and ratios; never asserts timings. Always stops lb (and so HAProxy) and the cluster.
// STRATO_LB_BENCH_LOG_LEVEL=debug gives lb a debug log (lb.log in the work dir; keep it with -- --keep).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { descendantsOf, freePort, pidAlive, type ServiceProcess, startProcess, tempDir } from '@strato/testing';
import { percentile, poll, vs } from './bench-utils';
import { type Cluster, type FrameworkSpec, servicePids, startCluster, stopCluster } from './cluster-utils';
import { cpuBetween, cpuSnapshot, type CpuSnapshot } from './cpu-usage';
import { BackendWatcher, type MarathonEvent, reachTask, type Settled, subscribeEvents } from './lb-probe';

const MARATHON: FrameworkSpec = { app: 'marathon', label: 'Marathon', args: ['--decline_offer_duration=1000'], registeredPath: '/v2/info' };
/** Both agents run on this host: disjoint port ranges keep every task's addr:port unique (and off the ephemeral range). */
const AGENT_RESOURCES = ['cpus:20;mem:20000;disk:10000;ports:[21000-21999]', 'cpus:20;mem:20000;disk:10000;ports:[22000-22999]'] as const;
const STEPS = [7, 12, 7, 2];
const BASE = 2;
const TARGET_MS = 250;
/** servicerouter/marathon-lb regenerated the config for ~50 apps in 0.8 s at best (MAR PR #2115; servicediscovery.md §8). */
const ANCHOR_REGEN_MS = 800;
/** HAProxy restarts with 33,000 backends in 0.26 s (haproxy/haproxy#1634; performance.md §1.5, §3.6). */
const ANCHOR_RELOAD_MS = 260;
const STEP_DEADLINE_MS = 60_000;
const COUNTERS = ['lb/syncs', 'lb/events', 'lb/reloads', 'lb/runtime_updates', 'lb/runtime_fallbacks', 'lb/reloads_delayed', 'lb/validation_failures', 'lb/apply_failures'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const t0 = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
const ms = (x: number) => `${x.toFixed(0)} ms`;

interface Run {
  dir: string;
  cluster: Cluster;
  lb?: ServiceProcess;
  haproxyPids: number[];
  cleaning?: Promise<void>;
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

const send = (url: string, method: string, body?: unknown) =>
  json<unknown>(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

async function deploymentsDone(marathon: string, what: string): Promise<void> {
  await poll(async () => (await json<unknown[]>(`${marathon}/v2/deployments`)).length === 0, STEP_DEADLINE_MS, `deployments of ${what} to finish`, 100);
}

/** Stops lb (which stops HAProxy), then the cluster; SIGKILLs any HAProxy process left. */
async function cleanup(run: Run): Promise<void> {
  if (run.lb?.alive) {
    run.haproxyPids.push(...run.haproxyPids.flatMap((p) => (pidAlive(p) ? descendantsOf(p) : [])));
    log('cleanup: stopping strato-lb (it stops HAProxy)');
    await run.lb.stop(10_000);
  }
  await stopCluster(run.cluster, MARATHON.label, log);
  const left = [...new Set(run.haproxyPids)].filter(pidAlive);
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  log(`cleanup: ${left.length ? `SIGKILLed ${left.length} HAProxy processes lb left (${left.join(', ')})` : `no HAProxy process left (pids ${[...new Set(run.haproxyPids)].join(', ') || 'none'})`}`);
}

interface Sample extends Settled {
  /** The apply that made it happen, from lb's log: `runtime`, `reload` or `started`. */
  applied?: string;
}

function spread(label: string, xs: readonly Sample[], extra = ''): string {
  const done = xs.filter((s) => s.ms !== undefined).map((s) => s.ms!);
  const late = xs.filter((s) => s.ms === undefined);
  const timedOut = late.length ? `, ${late.length} TIMED OUT (15 s; address op/admin state at the end: ${late.map((s) => `${s.address} ${s.last}`).join(', ')})` : '';
  if (done.length === 0) return `  ${label}: n 0${timedOut}`;
  return `  ${label}: n ${done.length}, p50 ${ms(percentile(done, 50))}, p99 ${ms(percentile(done, 99))}, max ${ms(Math.max(...done))}${timedOut}${extra}`;
}

/** lb's 'config applied' log lines: wall-clock time, outcome and detail. */
function appliesOf(logs: string): { at: number; outcome: string; detail?: string }[] {
  return logs.split('\n').filter((l) => l.includes('"msg":"config applied"')).flatMap((l) => {
    try {
      const e = JSON.parse(l) as { time: string; outcome: string; detail?: string };
      return [{ at: Date.parse(e.time), outcome: e.outcome, detail: e.detail }];
    } catch {
      return [];
    }
  });
}

function cpuLine(before: CpuSnapshot, after: CpuSnapshot, haproxy: readonly number[], changes: number): string {
  const { byLabel, busy, total } = cpuBetween(before, after);
  const delta = (pid: number) => (after.processes.get(pid)?.ms ?? 0) - (before.processes.get(pid)?.ms ?? 0);
  const haproxyMs = [...new Set(haproxy)].reduce((sum, pid) => sum + delta(pid), 0);
  const agents = [...byLabel].filter(([l]) => l.startsWith('agent-')).reduce((sum, [, v]) => sum + v, 0);
  const parts: [string, number][] = [['master', byLabel.get('master') ?? 0], ['agents', agents], ['launcher helpers', byLabel.get('launcher helpers') ?? 0],
    ['Marathon', byLabel.get('Marathon') ?? 0], ['strato-lb', byLabel.get('lb') ?? 0], ['HAProxy', haproxyMs], ['task processes', (byLabel.get('task processes') ?? 0) - haproxyMs]];
  const per = (v: number) => (v / Math.max(1, changes)).toFixed(1);
  return `CPU ms per membership change (${changes}): ${parts.map(([l, v]) => `${l} ${per(v)}`).join(', ')}; whole machine ${per(busy)} (busy ${((100 * busy) / Math.max(1, total)).toFixed(0)}% of ${(total / 1000).toFixed(1)} CPU-s)` +
    '\n      (HAProxy: master + live workers only; workers replaced by reloads and `haproxy -c` runs count in the machine figure)';
}

export async function lbClusterBench(opts: { rounds: number; keep: boolean }): Promise<boolean> {
  const run: Run = { dir: tempDir('strato-bench-lb-'), cluster: { agents: [] }, haproxyPids: [] };
  const stop = () => (run.cleaning ??= cleanup(run));
  const onSignal = (signal: NodeJS.Signals) => {
    console.log(`\n${signal}: cleaning up`);
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let failed = false;
  try {
    await measure(run, opts.rounds);
  } catch (error) {
    failed = true;
    console.error(`lb cluster benchmark failed: ${(error as Error).stack ?? String(error)}\nlogs kept in ${run.dir}`);
  } finally {
    await stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!failed && !opts.keep) rmSync(run.dir, { recursive: true, force: true });
    if (opts.keep) console.log(`work dir and logs kept in ${run.dir}`);
  }
  return !failed;
}

async function measure(run: Run, rounds: number): Promise<void> {
  const { dir } = run;
  const lbBin = join(process.cwd(), 'apps', 'lb', 'bin', 'strato-lb.js');
  if (!existsSync(join(process.cwd(), 'apps', 'lb', 'dist', 'main.js'))) throw new Error('strato-lb is not built; run node tools/build/bundle.mjs');
  console.log(`\nlb cluster benchmark: master + 2 agents + Marathon + strato-lb + HAProxy 2.6, work dir ${dir}`);
  log('starting the cluster');
  const { frameworkUrl: marathon } = await startCluster(run.cluster, { dir, nodeFlags: [], agentResources: AGENT_RESOURCES, framework: MARATHON });
  const [lbPort, httpPort, httpsPort, statsPort, servicePort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const workDir = join(dir, 'lb');
  mkdirSync(join(dir, 'templates'));
  const lbUrl = `http://127.0.0.1:${lbPort}`;
  run.lb = startProcess('lb', lbBin, { // the bin itself: its shebang carries lb's node flags
    args: ['--marathon', marathon, '--group', 'external', '--health-check', '--work-dir', workDir, '--port', String(lbPort),
      '--http-frontend-port', String(httpPort), '--https-frontend-port', String(httpsPort), '--stats-port', String(statsPort), '--templates-dir', join(dir, 'templates'),
      '--log-level', process.env.STRATO_LB_BENCH_LOG_LEVEL ?? 'info'],
    logFile: join(dir, 'lb.log'),
  });
  let health: { status: string; haproxy: { pid?: number } } = { status: '', haproxy: {} };
  await poll(async () => (health = await json(`${lbUrl}/health`)).status === 'ok', 20_000, 'strato-lb /health ok');
  if (health.haproxy.pid) run.haproxyPids.push(health.haproxy.pid);
  log(`cluster up: Marathon ${marathon}; strato-lb ${lbUrl} (HAProxy master pid ${health.haproxy.pid}), --debounce 100ms, --debounce-max 1secs, --min-reload-interval 1secs (defaults), --health-check`);

  const server = join(dir, 'server.js');
  writeFileSync(server, "require('http').createServer((q, s) => s.end(process.env.MESOS_TASK_ID)).listen(Number(process.env.PORT0));\n");
  const app = (id: string, port: number, instances: number) => ({
    id, cmd: `exec ${process.execPath} ${server}`, instances, cpus: 0.01, mem: 16, disk: 0,
    portDefinitions: [{ port, protocol: 'tcp', name: 'http' }], labels: { HAPROXY_GROUP: 'external' },
  });
  const churn = '/bench/churn';
  const backend = `${churn.slice(1).replace(/\//g, '_')}_${servicePort}`;
  const steps = Array.from({ length: rounds }, () => STEPS).flat();
  console.log(`  workload: ${churn} (group external, service port ${servicePort}, backend ${backend}; a node HTTP server on $PORT0 answering its task id; no health check, so ` +
    `TASK_RUNNING is the routable event, not health_status_changed_event alive=true) starts at ${BASE} instances, then ${rounds} rounds of ${STEPS.join(' -> ')}; ` +
    `each round also creates and, two steps later, deletes /bench/other-<round> (1 instance, its own service port: a frontend and backend added/removed, a reload). ` +
    `Each step waits for /v2/deployments to be empty (${STEP_DEADLINE_MS / 1000} s deadline) and for its routing changes to settle (15 s).`);

  const watcher = new BackendWatcher(join(workDir, 'admin.sock'), backend);
  const running: Promise<Settled>[] = [];
  const killed: Promise<Settled>[] = [];
  const crossChecks: Promise<{ ok: boolean; requests?: number; afterRoutedMs?: number }>[] = [];
  const ipOf = new Map<string, string>();
  const resolveHost = async (host: string) => ipOf.get(host) ?? ipOf.set(host, (await lookup(host, { family: 4 })).address).get(host)!;
  let seen = 0;
  const events = await subscribeEvents(marathon, ['status_update_event', 'health_status_changed_event'], (e: MarathonEvent, at: number) => {
    if (e.eventType !== 'status_update_event' || e.appId !== churn || !e.host || !e.ports?.length) return;
    const wall = Date.now();
    const state = e.taskStatus;
    if (state !== 'TASK_RUNNING' && state !== 'TASK_KILLED' && state !== 'TASK_FINISHED') return;
    const watch = (address: string) => ({ address, since: at, sinceWall: wall, taskId: e.taskId ?? '' });
    const settled = resolveHost(e.host).then((ip) => watcher.watch({ ...watch(`${ip}:${e.ports![0]}`), want: state === 'TASK_RUNNING' ? 'usable' : 'gone' }));
    if (state !== 'TASK_RUNNING') return void killed.push(settled);
    running.push(settled);
    if (seen++ % 3 === 0) {
      crossChecks.push(settled.then(async (s) => {
        if (s.ms === undefined) return { ok: false };
        const reached = await reachTask(servicePort, s.taskId);
        return reached ? { ok: true, requests: reached.requests, afterRoutedMs: reached.ms } : { ok: false };
      }));
    }
  });

  const metrics = async () => json<Record<string, number>>(`${lbUrl}/metrics`);
  const settle = async () => {
    await Promise.all([...running, ...killed]);
    await Promise.all(crossChecks);
  };
  const before = await metrics();
  const cpuRoots = () => ({ ...servicePids(run.cluster, MARATHON.label), lb: run.lb!.pid });
  const haproxyNow = () => run.haproxyPids.flatMap((p) => (pidAlive(p) ? [p, ...descendantsOf(p)] : []));
  const haproxyBefore = haproxyNow();
  const cpuBefore = cpuSnapshot(cpuRoots());
  const churnStart = performance.now();
  await send(`${marathon}/v2/apps`, 'POST', app(churn, servicePort, BASE));
  await deploymentsDone(marathon, churn);
  await settle();
  log(`  ${churn} at ${BASE} instances, routed`);
  for (let i = 0; i < steps.length; i++) {
    const round = Math.floor(i / STEPS.length);
    const other = `/bench/other-${round}`;
    if (i % STEPS.length === 0) {
      await send(`${marathon}/v2/apps`, 'POST', app(other, await freePort(), 1));
      await deploymentsDone(marathon, other);
    }
    if (i % STEPS.length === 2) {
      await send(`${marathon}/v2/apps${other}`, 'DELETE');
      await deploymentsDone(marathon, `${other} (delete)`);
    }
    const stepStart = performance.now();
    await send(`${marathon}/v2/apps${churn}`, 'PUT', { instances: steps[i] });
    await deploymentsDone(marathon, `${churn} -> ${steps[i]}`);
    const deployed = performance.now() - stepStart;
    await settle();
    log(`  round ${round + 1} step ${(i % STEPS.length) + 1}: ${churn} -> ${steps[i]} instances, deployed in ${ms(deployed)}, routing settled ${ms(performance.now() - stepStart - deployed)} later`);
  }
  await sleep(300);
  const churnMs = performance.now() - churnStart;
  const after = await metrics();
  const cpuAfter = cpuSnapshot(cpuRoots());
  const haproxyAfter = haproxyNow();
  events.close();
  watcher.stop();
  run.haproxyPids.push(...haproxyAfter);

  const applies = appliesOf(run.lb.logs).filter((a) => a.at >= Date.now() - churnMs - 1_000);
  // The apply that routed it: the first one logged after the poll that saw it (lb logs once the apply is done),
  // give or take one poll; none within 3 s: it came before the event reached us.
  const applyFor = (s: Settled) => applies.find((a) => a.at >= s.atWall - 10 && a.at <= s.atWall + 3_000)?.outcome ?? 'before the event';
  const up: Sample[] = (await Promise.all(running)).map((s) => ({ ...s, applied: applyFor(s) }));
  const down: Sample[] = (await Promise.all(killed)).map((s) => ({ ...s, applied: applyFor(s) }));
  const checks = await Promise.all(crossChecks);

  console.log(`\nlb cluster summary (${(churnMs / 1000).toFixed(1)} s of churn; admin socket polled every ~5 ms: ${watcher.polls} polls, ${watcher.pollErrors} refused/failed)`);
  const upDone = up.filter((s) => s.ms !== undefined).map((s) => s.ms!);
  console.log(spread('TASK_RUNNING -> usable in HAProxy (event-to-routed)', up));
  for (const kind of ['runtime', 'reload']) console.log(spread(`    applied by ${kind}`, up.filter((s) => s.applied === kind)));
  const other = up.filter((s) => s.applied !== 'runtime' && s.applied !== 'reload');
  if (other.length) console.log(spread('    other (started, or applied before the event reached us)', other));
  if (upDone.length) {
    const p99 = percentile(upDone, 99);
    console.log(`    p99 ${ms(p99)}: ${vs(TARGET_MS, p99, ' ms', false)} target (p99 <= ${TARGET_MS} ms): ${p99 <= TARGET_MS ? 'met' : 'NOT met'}`);
    console.log(`    p99 ${ms(p99)}: ${vs(ANCHOR_REGEN_MS, p99, ' ms', false)} marathon-lb regeneration for ~50 apps (MAR PR #2115; regeneration alone, before any reload); ` +
      `${vs(ANCHOR_RELOAD_MS, p99, ' ms', false)} HAProxy reload at 33k backends (performance.md; the reload alone)`);
  }
  const ok = checks.filter((c) => c.ok);
  const reqs = ok.map((c) => c.requests!);
  const lag = ok.map((c) => c.afterRoutedMs!);
  console.log(`    cross-check through HAProxy (:${servicePort}, new connection per request): ${ok.length}/${checks.length} sampled tasks answered with their own task id` +
    (ok.length ? ` within ${Math.max(...reqs)} requests (median ${percentile(reqs, 50)}), p50 ${ms(percentile(lag, 50))} / max ${ms(Math.max(...lag))} after routed (includes the server process still starting)` : ''));
  const firstPoll = down.filter((s) => s.firstPoll).length;
  console.log(spread('TASK_KILLED/FINISHED -> no longer usable', down, `; ${firstPoll} already unrouted at the first poll (lb acted on TASK_KILLING or an earlier sync)`));

  const d = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
  console.log(`  lb counters during the churn: ${COUNTERS.map((c) => `${c.slice(3)} ${d(c)}`).join(', ')}`);
  const reasons = new Map<string, number>();
  for (const a of applies.filter((x) => x.outcome === 'reload')) {
    const reason = (a.detail ?? '?').replace(/_\d+/g, '_<port>').replace(/other-\d+/, 'other-<n>').replace(/\(was \d+\)/, '(was n)').replace(/: \d+ server/, ': n server');
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  console.log(`  reloads by reason (lb log): ${[...reasons].map(([r, n]) => `${n}x ${r}`).join('; ') || 'none'}`);
  const structural = [...reasons].filter(([r]) => / (added|removed)$/.test(r)).reduce((s, [, n]) => s + n, 0);
  const membershipReloads = d('lb/reloads') - structural;
  const membership = d('lb/runtime_updates') + membershipReloads;
  console.log(`  membership changes of ${churn} applied without a reload: ${d('lb/runtime_updates')}/${membership} applies (${((100 * d('lb/runtime_updates')) / Math.max(1, membership)).toFixed(0)}%); ` +
    `the other ${membershipReloads} were reloads (slot capacity changes, or batched with a structural change); ${structural} reloads for frontends/backends added or removed (apps created or deleted)`);
  run.haproxyPids.push(...haproxyBefore);
  console.log(`  ${cpuLine(cpuBefore, cpuAfter, [...haproxyBefore, ...haproxyAfter], up.length + down.length)}`);
}
