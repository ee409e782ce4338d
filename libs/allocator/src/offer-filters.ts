import type { Resources } from '@strato/resources';

/** `Filters.refuse_seconds` when a framework gives none (v1 proto `Filters`). */
export const DEFAULT_REFUSE_SECONDS = 5;
/** Longest refusal Mesos honours: 365 days. */
export const MAX_REFUSE_SECONDS = 31_536_000;

/** What a DECLINE (or an ACCEPT that left resources unused) refused, and for how long. */
export interface OfferFilterSpec {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  /** The resources the framework refused: the filter holds while the agent offers no more. */
  readonly refused: Resources;
  /** Time of the refusal, in ms. */
  readonly now: number;
  /** `Filters.refuse_seconds`; undefined or negative means the default, 5 s. */
  readonly refuseSeconds?: number;
  /** The master's allocation interval: a filter never lapses before one interval (MESOS-4302). */
  readonly allocationIntervalMs: number;
}

/** The read side of the filters, which is all `allocate` needs. */
export interface OfferFilterView {
  isFiltered(frameworkId: string, agentId: string, role: string, available: Resources, now: number): boolean;
  count(): number;
}

interface Filter {
  readonly refused: Resources;
  readonly expiresAt: number;
}

/** Filters of one framework: agent id -> role -> filters. */
type FrameworkFilters = Map<string, Map<string, Filter[]>>;

/**
 * Normalizes `refuse_seconds` the way Mesos does: undefined, NaN or negative -> 5 s; above
 * 365 days -> 365 days. Returns milliseconds; 0 means "install no filter".
 */
export function refuseMs(refuseSeconds: number | undefined): number {
  let seconds = refuseSeconds ?? DEFAULT_REFUSE_SECONDS;
  if (!(seconds >= 0)) seconds = DEFAULT_REFUSE_SECONDS;
  return Math.min(seconds, MAX_REFUSE_SECONDS) * 1000;
}

/**
 * Offer filters installed by DECLINE / ACCEPT, kept per framework, agent and role (Mesos
 * `RefusedOfferFilter`). A filter holds while it has not expired and what the agent could offer
 * is still contained in what was refused; once the agent has more to give it no longer applies.
 * A plain data structure: time is passed in, nothing expires on its own.
 */
export class OfferFilters implements OfferFilterView {
  private readonly byFramework = new Map<string, FrameworkFilters>();
  private total = 0;

  /** Installs a filter; returns false when none was needed (refuse time 0, nothing refused). */
  add(spec: OfferFilterSpec): boolean {
    const refuse = refuseMs(spec.refuseSeconds);
    if (refuse === 0 || spec.refused.isEmpty()) return false;
    const lifetime = Math.max(spec.allocationIntervalMs, refuse);
    let agents = this.byFramework.get(spec.frameworkId);
    if (agents === undefined) this.byFramework.set(spec.frameworkId, (agents = new Map()));
    let roles = agents.get(spec.agentId);
    if (roles === undefined) agents.set(spec.agentId, (roles = new Map()));
    let filters = roles.get(spec.role);
    if (filters === undefined) roles.set(spec.role, (filters = []));
    filters.push({ refused: spec.refused, expiresAt: spec.now + lifetime });
    this.total++;
    return true;
  }

  /** True when a live filter of (framework, agent, role) refused at least `available`. */
  isFiltered(frameworkId: string, agentId: string, role: string, available: Resources, now: number): boolean {
    const filters = this.byFramework.get(frameworkId)?.get(agentId)?.get(role);
    if (filters === undefined) return false;
    for (const f of filters) {
      if (now < f.expiresAt && f.refused.contains(available)) return true;
    }
    return false;
  }

  /** REVIVE: drops the framework's filters, all of them or only those of `roles`. Returns how many. */
  clear(frameworkId: string, roles?: Iterable<string>): number {
    const agents = this.byFramework.get(frameworkId);
    if (agents === undefined) return 0;
    if (roles === undefined) return this.removeFramework(frameworkId);
    const wanted = new Set(roles);
    return this.prune(frameworkId, agents, (_agent, role) => wanted.has(role));
  }

  /** Drops every filter of a framework that is gone. Returns how many. */
  removeFramework(frameworkId: string): number {
    const agents = this.byFramework.get(frameworkId);
    if (agents === undefined) return 0;
    let removed = 0;
    for (const roles of agents.values()) for (const filters of roles.values()) removed += filters.length;
    this.byFramework.delete(frameworkId);
    this.total -= removed;
    return removed;
  }

  /** Drops every filter on an agent that is gone. Returns how many. */
  removeAgent(agentId: string): number {
    let removed = 0;
    for (const [frameworkId, agents] of this.byFramework) {
      removed += this.prune(frameworkId, agents, (agent) => agent === agentId);
    }
    return removed;
  }

  /** Drops filters that have expired at `now`. Returns how many. */
  expire(now: number): number {
    let removed = 0;
    for (const [frameworkId, agents] of this.byFramework) {
      for (const [agentId, roles] of agents) {
        for (const [role, filters] of roles) {
          const live = filters.filter((f) => now < f.expiresAt);
          removed += filters.length - live.length;
          if (live.length === 0) roles.delete(role);
          else if (live.length !== filters.length) roles.set(role, live);
        }
        if (roles.size === 0) agents.delete(agentId);
      }
      if (agents.size === 0) this.byFramework.delete(frameworkId);
    }
    this.total -= removed;
    return removed;
  }

  /** Number of filters held (expired ones count until `expire` drops them). */
  count(): number {
    return this.total;
  }

  /** Removes the (agent, role) entries `matches` selects; returns how many filters went. */
  private prune(
    frameworkId: string,
    agents: FrameworkFilters,
    matches: (agentId: string, role: string) => boolean,
  ): number {
    let removed = 0;
    for (const [agentId, roles] of agents) {
      for (const [role, filters] of roles) {
        if (!matches(agentId, role)) continue;
        removed += filters.length;
        roles.delete(role);
      }
      if (roles.size === 0) agents.delete(agentId);
    }
    if (agents.size === 0) this.byFramework.delete(frameworkId);
    this.total -= removed;
    return removed;
  }
}
