import type { ConstraintFilter } from './constraint-filter';
import { fieldNoun, missingFieldMessage } from './field';
import { ACCEPT, reject } from './types';
import { valueEquals } from './value-equals';

/**
 * CLUSTER: with a value, the offer's value must equal it; without one (or with ""), it must equal the value the
 * app's instances already use (the first placed instance whose agent has the field decides; the first placement
 * is free).
 */
export const checkCluster: ConstraintFilter = (offer, placed, constraint, ctx) => {
  const value = ctx.offerValue;
  const noun = fieldNoun(constraint.field);
  if (value === undefined) return reject(missingFieldMessage(ctx.label, offer, constraint.field));
  if (constraint.value !== undefined && constraint.value !== '') {
    return valueEquals(value, constraint.value) ? ACCEPT : reject(`${ctx.label}: offer has ${noun} ${value.text}`);
  }
  const used = firstPlacedValue(placed, ctx.placedValue);
  if (used === undefined || used === value.text) return ACCEPT;
  return reject(`${ctx.label}: instances run on ${noun} ${used}, offer has ${noun} ${value.text}`);
};

function firstPlacedValue<P>(placed: readonly P[], valueOf: (p: P) => string | undefined): string | undefined {
  for (const p of placed) {
    const v = valueOf(p);
    if (v !== undefined) return v;
  }
  return undefined;
}
