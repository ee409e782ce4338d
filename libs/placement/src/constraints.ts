import type { Constraint, ConstraintOperator } from './constraint';
import { checkCluster } from './constraint-cluster';
import type { ConstraintFilter } from './constraint-filter';
import { checkGroupBy } from './constraint-group-by';
import { checkIs } from './constraint-is';
import { checkLike, checkUnlike } from './constraint-like';
import { checkMaxPer } from './constraint-max-per';
import { checkUnique } from './constraint-unique';
import { constraintContext } from './field';
import type { PlacedInstance, PlacementOffer, Verdict } from './types';

const FILTERS: Readonly<Record<ConstraintOperator, ConstraintFilter>> = {
  UNIQUE: checkUnique,
  CLUSTER: checkCluster,
  GROUP_BY: checkGroupBy,
  LIKE: checkLike,
  UNLIKE: checkUnlike,
  MAX_PER: checkMaxPer,
  IS: checkIs,
};

/** Applies one constraint to an offer, given the app's placed instances. */
export function checkConstraint(
  offer: PlacementOffer,
  placed: readonly PlacedInstance[],
  constraint: Constraint,
): Verdict {
  return FILTERS[constraint.operator](offer, placed, constraint, constraintContext(offer, constraint));
}

/** The messages of every constraint the offer breaks (empty when it meets them all). */
export function unmetConstraints(
  offer: PlacementOffer,
  placed: readonly PlacedInstance[],
  constraints: readonly Constraint[],
): string[] {
  const messages: string[] = [];
  for (const c of constraints) {
    const verdict = checkConstraint(offer, placed, c);
    if (!verdict.ok) messages.push(verdict.message);
  }
  return messages;
}
