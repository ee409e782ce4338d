import fc from 'fast-check';
import { DEFAULT_MIN_ALLOCATABLE, Resources } from '@strato/resources';
import { allocatable } from './allocatable';
import { allocate } from './allocate';
import { OfferFilters } from './offer-filters';
import type { AllocationSnapshot, AllocatorFramework, OfferDecision } from './snapshot';
import { agent, framework, res, seededRandom, snapshot } from './test-fixtures';

const ROLES = ['*', 'r1', 'r2'] as const;

const scalar = (max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max: max * 1000 }).map((m) => m / 1000);

/** Mesos text for an agent: unreserved cpus/mem/ports plus optional reservations to r1/r2. */
const agentText = fc
  .record({
    cpus: scalar(4),
    mem: fc.integer({ min: 0, max: 4096 }),
    ports: fc.option(fc.integer({ min: 0, max: 20 })),
    r1: scalar(2),
    r2: fc.integer({ min: 0, max: 512 }),
  })
  .map(({ cpus, mem, ports, r1, r2 }) =>
    [`cpus:${cpus}`, `mem:${mem}`, ports === null ? '' : `ports:[31000-${31000 + ports}]`, `cpus(r1):${r1}`, `mem(r2):${r2}`]
      .filter((p) => p !== '')
      .join(';'),
  );

const frameworkSpec = fc.record({
  roles: fc.subarray([...ROLES], { minLength: 1 }),
  suppressed: fc.subarray([...ROLES]),
  active: fc.boolean(),
  held: fc.integer({ min: 0, max: 3 }),
});

const world = fc.record({
  agents: fc.array(fc.record({ text: agentText, active: fc.boolean() }), { minLength: 1, maxLength: 12 }),
  frameworks: fc.array(frameworkSpec, { minLength: 1, maxLength: 6 }),
  declines: fc.array(fc.record({ fw: fc.nat(), agent: fc.nat(), role: fc.constantFrom(...ROLES), partial: fc.boolean() })),
  seed: fc.option(fc.integer()),
  randomSorters: fc.boolean(),
});

type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

function build(w: World): AllocationSnapshot {
  const agents = w.agents.map((a, i) => agent(`a${i}`, a.text, a.active));
  const frameworks = w.frameworks.map((f, i) =>
    framework(`f${i}`, { ...f, allocated: f.held > 0 ? { [f.roles[0]]: `cpus:${f.held}` } : {} }),
  );
  const filters = new OfferFilters();
  for (const d of w.declines) {
    const a = agents[d.agent % agents.length];
    const refused = d.partial ? res('cpus:1;mem:64') : a.available;
    filters.add({ frameworkId: frameworks[d.fw % frameworks.length].id, agentId: a.id, role: d.role, refused, now: 0, allocationIntervalMs: 1000 });
  }
  return snapshot(agents, frameworks, { filters, ...(w.seed === null ? {} : { random: seededRandom(w.seed) }) });
}

function eligible(fw: AllocatorFramework, role: string): boolean {
  return fw.active && fw.roles.includes(role) && !fw.suppressedRoles.has(role);
}

/** Checks one cycle's decisions against the snapshot; throws on the first broken invariant. */
function check(s: AllocationSnapshot, ds: readonly OfferDecision[]): void {
  const agents = new Map(s.agents.map((a) => [a.id, a]));
  const frameworks = new Map(s.frameworks.map((f) => [f.id, f]));
  const given = new Map<string, Resources>();
  const keys = new Set<string>();
  for (const d of ds) {
    const a = agents.get(d.agentId)!;
    const fw = frameworks.get(d.frameworkId)!;
    expect(a.active && eligible(fw, d.role)).toBe(true);
    expect(a.available.allocatableTo(d.role).contains(d.resources)).toBe(true);
    expect(allocatable(d.resources, DEFAULT_MIN_ALLOCATABLE)).toBe(true);
    expect(s.filters!.isFiltered(d.frameworkId, d.agentId, d.role, d.resources, 1)).toBe(false);
    const key = `${d.frameworkId} ${d.agentId} ${d.role}`;
    expect(keys.has(key)).toBe(false);
    keys.add(key);
    given.set(d.agentId, (given.get(d.agentId) ?? Resources.EMPTY).add(d.resources));
  }
  for (const a of s.agents) {
    const offered = given.get(a.id) ?? Resources.EMPTY;
    expect(a.available.contains(offered)).toBe(true); // never over-offered
    if (!a.active) continue;
    const left = a.available.subtract(offered);
    for (const role of ROLES) {
      const wanted = s.frameworks.some(
        (f) => eligible(f, role) && !s.filters!.isFiltered(f.id, a.id, role, left.allocatableTo(role), 1),
      );
      // Nothing a willing framework could take is left behind.
      if (wanted) expect(allocatable(left.allocatableTo(role), DEFAULT_MIN_ALLOCATABLE)).toBe(false);
    }
  }
}

describe('allocate (properties)', () => {
  it('never over-offers an agent, never offers what it lacks, and leaves nothing wanted behind', () => {
    fc.assert(
      fc.property(world, (w) => {
        const s = build(w);
        const options = w.randomSorters && s.random ? ({ roleSorter: 'random', frameworkSorter: 'random' } as const) : {};
        check(s, allocate(s, 1, options));
      }),
      { numRuns: 400 },
    );
  });
});
