import type { ConstraintFilter } from './constraint-filter';
import { fieldNoun, missingFieldMessage } from './field';
import { ACCEPT, reject } from './types';
import { valueEquals } from './value-equals';

/** IS value: the offer's value equals it exactly (text), or numerically for scalar attributes. */
export const checkIs: ConstraintFilter = (offer, _placed, constraint, ctx) => {
  const value = ctx.offerValue;
  if (value === undefined) return reject(missingFieldMessage(ctx.label, offer, constraint.field));
  if (valueEquals(value, constraint.value ?? '')) return ACCEPT;
  return reject(`${ctx.label}: ${fieldNoun(constraint.field)} is ${value.text}`);
};
