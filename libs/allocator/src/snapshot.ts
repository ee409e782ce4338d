import type { ResourceQuantities, Resources } from '@strato/resources';
import type { OfferFilterView } from './offer-filters';
import type { SorterKind } from './sorter';

/** An agent as the allocator sees it. */
export interface AllocatorAgent {
  readonly id: string;
  readonly hostname: string;
  /** What is neither used by tasks nor out in offers. */
  readonly available: Resources;
  /** Deactivated (e.g. disconnected or draining) agents are not offered. */
  readonly active: boolean;
}

/** A framework as the allocator sees it. */
export interface AllocatorFramework {
  readonly id: string;
  /** Roles it subscribed to. */
  readonly roles: readonly string[];
  /** Roles it SUPPRESSed: it gets no offers for them until it revives. */
  readonly suppressedRoles: ReadonlySet<string>;
  /** Inactive (disconnected) frameworks are not offered, but what they hold still counts. */
  readonly active: boolean;
  /** Used plus offered, per role. */
  readonly allocated: ReadonlyMap<string, ResourceQuantities>;
  /**
   * Per-role `FrameworkInfo.offer_filters[role].min_allocatable_resources`, overriding the
   * snapshot's `minAllocatable` for that role.
   */
  readonly minAllocatable?: ReadonlyMap<string, readonly ResourceQuantities[]>;
}

/** Everything one allocation cycle decides from. */
export interface AllocationSnapshot {
  readonly agents: readonly AllocatorAgent[];
  readonly frameworks: readonly AllocatorFramework[];
  /** Cluster totals: the denominators of every DRF share. */
  readonly totals: ResourceQuantities;
  /** Role weights; a role that is absent weighs 1. */
  readonly roleWeights?: ReadonlyMap<string, number>;
  readonly filters?: OfferFilterView;
  /** `--min_allocatable_resources`; default cpus:0.01 | mem:32. */
  readonly minAllocatable?: readonly ResourceQuantities[];
  /** Random numbers in [0, 1): shuffles the agents, and drives random sorters. Default: no shuffle. */
  readonly random?: () => number;
}

/** Knobs of the policy itself (master flags). */
export interface AllocateOptions {
  /** `--fair_sharing_excluded_resource_names`, e.g. ['gpus']. Default: none. */
  readonly excludedFromShares?: readonly string[];
  /** `--role_sorter`; default 'drf'. 'random' needs `snapshot.random`. */
  readonly roleSorter?: SorterKind;
  /** `--framework_sorter`; default 'drf'. 'random' needs `snapshot.random`. */
  readonly frameworkSorter?: SorterKind;
}

/** One offer to make: the whole part of an agent that `role` may use, to one framework. */
export interface OfferDecision {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  /** The agent's remaining `allocatableTo(role)` part. */
  readonly resources: Resources;
}
