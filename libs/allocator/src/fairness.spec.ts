import { ResourceQuantities, Resources } from '@strato/resources';
import { allocate } from './allocate';
import { OfferFilters } from './offer-filters';
import { dominantShare } from './share';
import type { AllocateOptions, AllocatorAgent, AllocatorFramework } from './snapshot';
import { qty, res, seededRandom } from './test-fixtures';

interface Task {
  readonly framework: string;
  readonly agentId: string;
  readonly resources: Resources;
  readonly endsAt: number;
}

interface Sim {
  readonly totalPerAgent: Resources;
  readonly agentIds: readonly string[];
  readonly demands: ReadonlyMap<string, Resources>;
  readonly filters: OfferFilters;
  readonly random: () => number;
  tasks: Task[];
}

const INTERVAL_MS = 1000;
/** Unusable leftovers are declined for an hour (the Mesos advice); the filter lifts when a task ends. */
const REFUSE_SECONDS = 3600;
/** Tasks run 40-79 cycles, so only about one task ends per cycle: offers stay fine-grained. */
const MIN_CYCLES = 40;
const SPREAD_CYCLES = 40;
const CYCLES = 500;
const SETTLED_FROM = 150;
const TASK_A = 'cpus:1;mem:4096';
const TASK_B = 'cpus:3;mem:1024';

function usedOn(sim: Sim, agentId: string): Resources {
  let used = Resources.EMPTY;
  for (const t of sim.tasks) if (t.agentId === agentId) used = used.add(t.resources);
  return used;
}

function heldBy(sim: Sim, framework: string): ResourceQuantities {
  let held = ResourceQuantities.EMPTY;
  for (const t of sim.tasks) if (t.framework === framework) held = held.add(t.resources.quantities());
  return held;
}

/** One allocation interval: tasks end, the allocator offers, each framework launches what fits. */
function step(sim: Sim, cycle: number, totals: ResourceQuantities, options: AllocateOptions): void {
  const now = cycle * INTERVAL_MS;
  sim.tasks = sim.tasks.filter((t) => t.endsAt > cycle);
  sim.filters.expire(now);
  const agents: AllocatorAgent[] = sim.agentIds.map((id) => ({
    id,
    hostname: id,
    available: sim.totalPerAgent.subtract(usedOn(sim, id)),
    active: true,
  }));
  const frameworks: AllocatorFramework[] = [...sim.demands.keys()].map((id) => ({
    id,
    roles: ['*'],
    suppressedRoles: new Set<string>(),
    active: true,
    allocated: new Map([['*', heldBy(sim, id)]]),
  }));
  const decisions = allocate({ agents, frameworks, totals, filters: sim.filters, random: sim.random }, now, options);
  for (const d of decisions) {
    const task = sim.demands.get(d.frameworkId)!;
    let left = d.resources;
    while (left.contains(task)) {
      left = left.subtract(task);
      const endsAt = cycle + MIN_CYCLES + Math.floor(sim.random() * SPREAD_CYCLES);
      sim.tasks.push({ framework: d.frameworkId, agentId: d.agentId, resources: task, endsAt });
    }
    if (!left.isEmpty()) {
      sim.filters.add({ ...d, refused: left, now, refuseSeconds: REFUSE_SECONDS, allocationIntervalMs: INTERVAL_MS });
    }
  }
}

/** Dominant shares of A and B after each cycle, on `agentCount` agents of `agentText`. */
function simulate(agentText: string, agentCount: number, options: AllocateOptions = {}): { a: number[]; b: number[] } {
  const totalPerAgent = res(agentText);
  let totals = ResourceQuantities.EMPTY;
  for (let i = 0; i < agentCount; i++) totals = totals.add(totalPerAgent.quantities());
  const sim: Sim = {
    totalPerAgent,
    agentIds: Array.from({ length: agentCount }, (_, i) => `agent-${i}`),
    demands: new Map([
      ['A', res(TASK_A)],
      ['B', res(TASK_B)],
    ]),
    filters: new OfferFilters(),
    random: seededRandom(2024),
    tasks: [],
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    step(sim, cycle, totals, options);
    a.push(dominantShare(heldBy(sim, 'A'), totals));
    b.push(dominantShare(heldBy(sim, 'B'), totals));
  }
  return { a: a.slice(SETTLED_FROM), b: b.slice(SETTLED_FROM) };
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The dominant share of one task of each framework on `agentCount` agents of `agentText`. */
function taskShares(agentText: string, agentCount: number): [number, number] {
  let totals = ResourceQuantities.EMPTY;
  for (let i = 0; i < agentCount; i++) totals = totals.add(qty(agentText));
  return [dominantShare(qty(TASK_A), totals), dominantShare(qty(TASK_B), totals)];
}

// Two frameworks with different dominant resources (A: memory, B: cpus) keep launching as many
// tasks as fit in every offer while tasks end over time. DRF must give them equal dominant shares,
// so A runs about 1.5x as many tasks as B on these agents.
describe('fairness (simulation)', () => {
  it.each([
    ['cpus:3;mem:6144', 'one task per agent'],
    ['cpus:4;mem:8192', 'two A tasks, or one B task plus one A task, per agent'],
  ])('converges to equal dominant shares on agents %s (%s)', (agentText) => {
    const { a, b } = simulate(agentText, 40);
    const [taskA, taskB] = taskShares(agentText, 40);
    expect(Math.abs(mean(a) - mean(b))).toBeLessThanOrEqual(Math.min(taskA, taskB));
    const gaps = a.map((x, i) => Math.abs(x - b[i]));
    expect(mean(gaps)).toBeLessThanOrEqual(Math.max(taskA, taskB));
    expect(mean(a) + mean(b)).toBeGreaterThan(0.75); // the cluster is busy, not idle
  });

  it('is discriminating: a random framework sorter does not converge', () => {
    const { a, b } = simulate('cpus:3;mem:6144', 40, { frameworkSorter: 'random' });
    const [taskA, taskB] = taskShares('cpus:3;mem:6144', 40);
    expect(Math.abs(mean(a) - mean(b))).toBeGreaterThan(Math.max(taskA, taskB));
  });
});
