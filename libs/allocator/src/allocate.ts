import { DEFAULT_MIN_ALLOCATABLE, Resources, type ResourceQuantities } from '@strato/resources';
import { allocatable } from './allocatable';
import { buildSorters, type CycleSorters } from './cycle-sorters';
import type { Sorter } from './sorter';
import type { OfferFilterView } from './offer-filters';
import type {
  AllocateOptions,
  AllocationSnapshot,
  AllocatorAgent,
  AllocatorFramework,
  OfferDecision,
} from './snapshot';

/** What one cycle carries from agent to agent. */
interface Cycle {
  readonly now: number;
  readonly sorters: CycleSorters;
  /** Undefined when there is no filter at all: the common case skips the lookups. */
  readonly filters: OfferFilterView | undefined;
  readonly minAllocatable: readonly ResourceQuantities[];
  /** Framework id -> its per-role min_allocatable overrides (only frameworks that have some). */
  readonly minOverrides: ReadonlyMap<string, ReadonlyMap<string, readonly ResourceQuantities[]>>;
  readonly decisions: OfferDecision[];
}

/**
 * One allocation cycle of the hierarchical DRF allocator: for each active agent (shuffled when
 * the snapshot has a random source), roles in sorter order, then that role's frameworks in
 * sorter order, the first framework that is neither filtered nor below its minimum gets the
 * agent's whole remaining `allocatableTo(role)` part. Shares are updated as offers are made, so
 * later agents see the new order. Pure: the snapshot is not modified.
 */
export function allocate(snapshot: AllocationSnapshot, now: number, options: AllocateOptions = {}): OfferDecision[] {
  const filters = snapshot.filters;
  const cycle: Cycle = {
    now,
    sorters: buildSorters(snapshot, options),
    filters: filters !== undefined && filters.count() > 0 ? filters : undefined,
    minAllocatable: snapshot.minAllocatable ?? DEFAULT_MIN_ALLOCATABLE,
    minOverrides: minAllocatableOverrides(snapshot.frameworks),
    decisions: [],
  };
  for (const agent of agentOrder(snapshot.agents, snapshot.random)) {
    if (agent.active) allocateAgent(agent, cycle);
  }
  return cycle.decisions;
}

/** A framework that will take `offerable` for `role`. */
interface Pick {
  readonly role: string;
  readonly frameworkId: string;
  readonly offerable: Resources;
}

/**
 * Offers one agent. The unreserved part goes, with that role's reservations, to the first role
 * in role order that has a taker; after that only reservations are left, and each of them can
 * only go to its own role, so the order of the remaining roles cannot change who gets what.
 * (A role that found no taker for a larger offer finds none for a smaller one: filters and
 * minimums are monotone.) Sorters are searched, never copied.
 */
function allocateAgent(agent: AllocatorAgent, cycle: Cycle): void {
  let remaining = agent.available;
  if (remaining.isEmpty()) return;
  if (!remaining.unreserved().isEmpty()) {
    let pick: Pick | undefined;
    cycle.sorters.roles.find((role) => (pick = pickFor(role, remaining, agent.id, cycle)) !== undefined);
    if (pick === undefined) return; // every role with an active framework was asked
    remaining = commit(pick, agent.id, remaining, cycle);
  }
  for (const role of reservedRoles(remaining)) {
    const pick = pickFor(role, remaining, agent.id, cycle);
    if (pick !== undefined) remaining = commit(pick, agent.id, remaining, cycle);
  }
}

function pickFor(role: string, remaining: Resources, agentId: string, cycle: Cycle): Pick | undefined {
  const sorter = cycle.sorters.frameworks.get(role);
  if (sorter === undefined) return undefined;
  const offerable = remaining.allocatableTo(role);
  if (offerable.isEmpty()) return undefined;
  const frameworkId = pickFramework(sorter, agentId, role, offerable, cycle);
  return frameworkId === undefined ? undefined : { role, frameworkId, offerable };
}

/** Records the offer, charges it to the role and the framework, returns what the agent has left. */
function commit(pick: Pick, agentId: string, remaining: Resources, cycle: Cycle): Resources {
  const { role, frameworkId, offerable } = pick;
  cycle.decisions.push({ frameworkId, agentId, role, resources: offerable });
  const quantities = offerable.quantities();
  cycle.sorters.frameworks.get(role)!.allocated(frameworkId, quantities);
  cycle.sorters.roles.allocated(role, quantities);
  return offerable === remaining ? Resources.EMPTY : remaining.subtract(offerable);
}

/** The first framework, in sorter order, that may be offered `offerable` on this agent for `role`. */
function pickFramework(
  sorter: Sorter,
  agentId: string,
  role: string,
  offerable: Resources,
  cycle: Cycle,
): string | undefined {
  const enough = allocatable(offerable, cycle.minAllocatable);
  const { filters, minOverrides, now } = cycle;
  if (!enough && minOverrides.size === 0) return undefined;
  if (filters === undefined && minOverrides.size === 0) return sorter.find(() => true);
  return sorter.find((frameworkId) => {
    const own = minOverrides.size === 0 ? undefined : minOverrides.get(frameworkId)?.get(role);
    if (!(own === undefined ? enough : allocatable(offerable, own))) return false;
    return filters === undefined || !filters.isFiltered(frameworkId, agentId, role, offerable, now);
  });
}

/** Roles that `resources` holds reservations for. */
function reservedRoles(resources: Resources): string[] {
  const roles: string[] = [];
  for (const r of resources.toList()) if (r.role !== '*' && !roles.includes(r.role)) roles.push(r.role);
  return roles;
}

function minAllocatableOverrides(
  frameworks: readonly AllocatorFramework[],
): Map<string, ReadonlyMap<string, readonly ResourceQuantities[]>> {
  const overrides = new Map<string, ReadonlyMap<string, readonly ResourceQuantities[]>>();
  for (const fw of frameworks) {
    if (fw.minAllocatable !== undefined && fw.minAllocatable.size > 0) overrides.set(fw.id, fw.minAllocatable);
  }
  return overrides;
}

/** The agents in visiting order: a Fisher-Yates shuffle when there is a random source. */
function agentOrder(agents: readonly AllocatorAgent[], random: (() => number) | undefined): readonly AllocatorAgent[] {
  if (random === undefined) return agents;
  const shuffled = agents.slice();
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = shuffled[i];
    shuffled[i] = shuffled[j];
    shuffled[j] = t;
  }
  return shuffled;
}
