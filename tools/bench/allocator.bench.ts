// Allocation-cycle benchmark for libs/allocator, modelled on Mesos' HierarchicalAllocator
// DeclineOffers benchmark: agents `cpus:2;mem:1024;disk:4096;ports:[31000-32000]`, frameworks in
// role `*` (or a few weighted roles), one full cycle timed per run. Prints figures and the ratio to
// Mesos 1.8 (reference/notes/performance.md §1.1); never asserts timings.
//   npm run bench:allocator [-- --quick] [-- --only 2,3]   (scenario numbers, 1-based)
import { performance } from 'node:perf_hooks';
import { ResourceQuantities, Resources } from '@strato/resources';
import {
  allocate,
  OfferFilters,
  type AllocationSnapshot,
  type AllocatorAgent,
  type AllocatorFramework,
  type OfferDecision,
} from '@strato/allocator';

const AGENT_RESOURCES = 'cpus:2;mem:1024;disk:4096;ports:[31000-32000]';

interface Scenario {
  readonly agents: number;
  readonly frameworks: number;
  /** Frameworks are spread round-robin over this many roles (1 = all in `*`). */
  readonly roles: number;
  /** Run one cycle first and have every framework decline its offers (5 s filters). */
  readonly afterDeclines?: boolean;
  /** Mesos 1.8 allocation cycle for the same size, in ms. */
  readonly anchorMs?: number;
  readonly runs: number;
}

const quick = process.argv.includes('--quick');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const ALL_SCENARIOS: readonly Scenario[] = [
  { agents: 1_000, frameworks: 100, roles: 1, anchorMs: 100, runs: 9 },
  { agents: 10_000, frameworks: 1_000, roles: 1, anchorMs: 1_100, runs: 7 },
  { agents: 10_000, frameworks: 1_000, roles: 10, runs: 5 },
  { agents: 10_000, frameworks: 1_000, roles: 1, afterDeclines: true, runs: 5 },
];
const SCENARIOS = ALL_SCENARIOS.filter((s, i) => only === undefined || only.split(',').includes(String(i + 1)));
const WARMUP_RUNS = quick ? 1 : 2;

/** Deterministic randomness (mulberry32), as the master would inject. */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function label(s: Scenario): string {
  const roles = s.roles === 1 ? '' : ` in ${s.roles} roles`;
  const declines = s.afterDeclines ? ', after every offer was declined' : '';
  return `${s.agents} agents x ${s.frameworks} frameworks${roles}${declines}`;
}

/** A fresh snapshot: new Resources objects per agent, so no cached derivations survive a run. */
function buildSnapshot(s: Scenario, seed: number): AllocationSnapshot {
  const agents: AllocatorAgent[] = [];
  let totals = ResourceQuantities.EMPTY;
  for (let i = 0; i < s.agents; i++) {
    const available = Resources.parse(AGENT_RESOURCES);
    totals = totals.add(available.quantities());
    agents.push({ id: `agent-${i}`, hostname: `host-${i}.example`, available, active: true });
  }
  const frameworks: AllocatorFramework[] = [];
  for (let i = 0; i < s.frameworks; i++) {
    frameworks.push({
      id: `framework-${i}`,
      roles: [s.roles === 1 ? '*' : `role-${i % s.roles}`],
      suppressedRoles: new Set(),
      active: true,
      allocated: new Map(),
    });
  }
  const roleWeights = new Map(Array.from({ length: s.roles }, (_, i) => [`role-${i}`, 1 + (i % 3)] as const));
  return { agents, frameworks, totals, roleWeights, filters: new OfferFilters(), random: seededRandom(seed) };
}

/** Every framework declines everything it was offered, with the default 5 s filter. */
function declineAll(snapshot: AllocationSnapshot, decisions: readonly OfferDecision[], now: number): void {
  const filters = snapshot.filters as OfferFilters;
  for (const d of decisions) filters.add({ ...d, refused: d.resources, now, allocationIntervalMs: 1000 });
}

interface Run {
  readonly ms: number;
  readonly offers: number;
}

function runOnce(s: Scenario, seed: number): Run {
  const snapshot = buildSnapshot(s, seed);
  let now = 0;
  if (s.afterDeclines) {
    declineAll(snapshot, allocate(snapshot, now), now);
    now += 1000;
  }
  const started = performance.now();
  const decisions = allocate(snapshot, now);
  const ms = performance.now() - started;
  return { ms, offers: decisions.length };
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function comparison(anchorMs: number | undefined, ms: number): string {
  if (anchorMs === undefined) return 'no published Mesos figure';
  const ratio = anchorMs / ms;
  const verdict = ratio >= 1 ? `${ratio.toFixed(1)}x faster` : `${(1 / ratio).toFixed(1)}x slower`;
  return `Mesos 1.8 ≈${anchorMs} ms -> ${verdict}`;
}

function bench(s: Scenario): string {
  const name = label(s);
  const runs = quick ? Math.min(3, s.runs) : s.runs;
  console.log(`${name}: ${WARMUP_RUNS} warm-up run(s), then ${runs} timed`);
  for (let i = 0; i < WARMUP_RUNS; i++) runOnce(s, 1000 + i);
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const run = runOnce(s, i + 1);
    results.push(run);
    console.log(`  run ${i + 1}/${runs}: ${run.ms.toFixed(1)} ms, ${run.offers} offers`);
  }
  const times = results.map((r) => r.ms);
  const med = median(times);
  const offers = results[results.length - 1].offers;
  return (
    `${name}: median ${med.toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, ` +
    `max ${Math.max(...times).toFixed(1)}), ${offers} offers; ${comparison(s.anchorMs, med)}`
  );
}

function main(): void {
  console.log(`allocator benchmark: one allocation cycle, agents ${AGENT_RESOURCES}, node ${process.version}`);
  const summary = SCENARIOS.map(bench);
  console.log('\nsummary');
  for (const line of summary) console.log(`  ${line}`);
}

main();
