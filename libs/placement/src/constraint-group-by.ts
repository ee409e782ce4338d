import { parseJavaInt } from './constraint-syntax';
import type { ConstraintFilter } from './constraint-filter';
import { countByValue, fieldNoun, missingFieldMessage } from './field';
import { ACCEPT, reject } from './types';

/**
 * GROUP_BY [n]: spread instances evenly over the field's values. A value no instance uses yet is always acceptable;
 * a used one only when it has the fewest instances among the used values and, with `n` given, once at least `n`
 * values are in use (until then the unused ones count as having 0). This is Marathon's `checkGroupBy`.
 */
export const checkGroupBy: ConstraintFilter = (offer, placed, constraint, ctx) => {
  const groups = constraint.value === undefined ? undefined : parseJavaInt(constraint.value);
  const label = groups === undefined ? `GROUP_BY ${constraint.field}` : `GROUP_BY ${constraint.field} (${groups} groups)`;
  const value = ctx.offerValue;
  if (value === undefined) return reject(missingFieldMessage(label, offer, constraint.field));
  const counts = countByValue(placed, ctx);
  const mine = counts.get(value.text) ?? 0;
  if (mine === 0) return ACCEPT;
  const noun = fieldNoun(constraint.field);
  const total = sum(counts.values());
  const prefix = `${label}: ${noun} ${value.text} already has ${mine} of ${total}`;
  if (groups !== undefined && counts.size < groups) {
    return reject(`${prefix}, and only ${counts.size} of ${groups} ${noun} values are used`);
  }
  const [leastValue, least] = fewest(counts);
  return mine === least ? ACCEPT : reject(`${prefix}, ${noun} ${leastValue} has ${least}`);
};

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function fewest(counts: ReadonlyMap<string, number>): [string, number] {
  let best: [string, number] = ['', Number.POSITIVE_INFINITY];
  for (const [value, n] of counts) if (n < best[1] || (n === best[1] && value < best[0])) best = [value, n];
  return best;
}
