/**
 * Pure hierarchical DRF allocation: a snapshot of agents and frameworks in, offer decisions out.
 * Sorters order roles and frameworks; offer filters remember what frameworks declined.
 * All resource arithmetic goes through `@strato/resources`.
 */
export { allocate } from './allocate';
export { allocatable } from './allocatable';
export { buildSorters, type CycleSorters } from './cycle-sorters';
export {
  OfferFilters,
  refuseMs,
  DEFAULT_REFUSE_SECONDS,
  MAX_REFUSE_SECONDS,
  type OfferFilterSpec,
  type OfferFilterView,
} from './offer-filters';
export { dominantShare, ShareBasis } from './share';
export type { Sorter, SorterKind } from './sorter';
export { DrfSorter } from './sorter-drf';
export { RandomSorter } from './sorter-random';
export type {
  AllocateOptions,
  AllocationSnapshot,
  AllocatorAgent,
  AllocatorFramework,
  OfferDecision,
} from './snapshot';
