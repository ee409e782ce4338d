// @strato/placement: Marathon constraints and offer matching as pure decisions that explain every rejection.
export { CONSTRAINT_OPERATORS, isConstraintOperator } from './constraint';
export type { Constraint, ConstraintOperator, ConstraintViolation } from './constraint';
export { validateConstraints, parseConstraint, parseConstraints, MESSAGES as CONSTRAINT_MESSAGES } from './constraint-syntax';

export { REASON_FUNNEL } from './types';
export { checkContainer, DEFAULT_AGENT_RUNTIMES } from './container';
export type { ContainerRuntime } from './container';
export type { PlacementOffer, PlacedInstance, NoOfferMatch, NoOfferMatchReason, Verdict } from './types';
export { readField, constraintContext, constraintLabel } from './field';
export type { FieldValue, ConstraintContext } from './field';
export type { ConstraintFilter } from './constraint-filter';
export { checkUnique } from './constraint-unique';
export { checkCluster } from './constraint-cluster';
export { checkGroupBy } from './constraint-group-by';
export { checkMaxPer } from './constraint-max-per';
export { checkLike, checkUnlike } from './constraint-like';
export { checkIs } from './constraint-is';
export { checkConstraint, unmetConstraints } from './constraints';

export type { PlacementRequest, MatchOptions, MatchResult } from './request';
export { acceptedRoles } from './roles';
export { matchOffer } from './match';
export { placeInstances } from './place';
export type { PlaceOptions, Placement, PlacementBatch } from './place';

export { OfferMatchStats, declinedOfferSteps } from './offer-stats';
export type { OfferMatchSummary, OfferMatchStatsOptions, DeclinedOfferStep, UnusedOffer } from './offer-stats';

export { launchDelay, LaunchBackoff } from './backoff';
export type { BackoffStrategy, BackoffKey } from './backoff';
