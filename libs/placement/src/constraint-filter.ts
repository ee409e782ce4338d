import type { Constraint } from './constraint';
import type { ConstraintContext } from './field';
import type { PlacedInstance, PlacementOffer, Verdict } from './types';

/** One operator's rule: may `offer` host another instance, given the app's `placed` instances? */
export type ConstraintFilter = (
  offer: PlacementOffer,
  placed: readonly PlacedInstance[],
  constraint: Constraint,
  ctx: ConstraintContext,
) => Verdict;
