import { MESSAGES, parseJavaInt } from './constraint-syntax';
import type { ConstraintFilter } from './constraint-filter';
import { countByValue, fieldNoun, missingFieldMessage } from './field';
import { ACCEPT, reject } from './types';

/** MAX_PER n: fewer than n instances may already share the offer's value. */
export const checkMaxPer: ConstraintFilter = (offer, placed, constraint, ctx) => {
  const max = constraint.value === undefined ? undefined : parseJavaInt(constraint.value);
  if (max === undefined) return reject(`${ctx.label}: ${MESSAGES.maxPer}`);
  const value = ctx.offerValue;
  if (value === undefined) return reject(missingFieldMessage(ctx.label, offer, constraint.field));
  const count = countByValue(placed, ctx).get(value.text) ?? 0;
  if (count < max) return ACCEPT;
  if (max <= 0) return reject(`${ctx.label}: allows no instance on any ${fieldNoun(constraint.field)}`);
  return reject(`${ctx.label}: ${fieldNoun(constraint.field)} ${value.text} already has ${count}`);
};
