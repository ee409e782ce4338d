import { fullMatchRegex, MESSAGES } from './constraint-syntax';
import type { ConstraintFilter } from './constraint-filter';
import { fieldNoun, missingFieldMessage } from './field';
import { ACCEPT, reject } from './types';
import type { Verdict } from './types';

/** LIKE regex: the offer's value must match the whole regex. An agent without the field never matches. */
export const checkLike: ConstraintFilter = (offer, _placed, constraint, ctx) => {
  const value = ctx.offerValue;
  if (value === undefined) return reject(missingFieldMessage(ctx.label, offer, constraint.field));
  return withRegex(constraint.value, ctx.label, (re) =>
    re.test(value.text) ? ACCEPT : reject(`${ctx.label}: ${fieldNoun(constraint.field)} ${value.text} does not match`),
  );
};

/** UNLIKE regex: the offer's value must not match the whole regex. An agent without the field always passes. */
export const checkUnlike: ConstraintFilter = (_offer, _placed, constraint, ctx) => {
  const value = ctx.offerValue;
  return withRegex(constraint.value, ctx.label, (re) =>
    value === undefined || !re.test(value.text)
      ? ACCEPT
      : reject(`${ctx.label}: ${fieldNoun(constraint.field)} ${value.text} matches`),
  );
};

// Marathon treats an empty pattern as never satisfied, for LIKE and UNLIKE alike.
function withRegex(pattern: string | undefined, label: string, decide: (re: RegExp) => Verdict): Verdict {
  if (pattern === undefined || pattern === '') return reject(`${label}: ${MESSAGES.likeUnlike}`);
  const re = compiled(pattern);
  return re === undefined ? reject(`${label}: ${MESSAGES.invalidRegex(pattern)}`) : decide(re);
}

// Offers are matched many times against few patterns; a small memo avoids recompiling. No `g`/`y` flags, so the
// shared RegExp objects are stateless.
const cache = new Map<string, RegExp | undefined>();
const CACHE_LIMIT = 256;

function compiled(pattern: string): RegExp | undefined {
  if (cache.has(pattern)) return cache.get(pattern);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const re = fullMatchRegex(pattern);
  cache.set(pattern, re);
  return re;
}
