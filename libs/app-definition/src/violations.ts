import { invalidArgument, type StratoError } from '@strato/errors';

/** One entry of Marathon's `details`: a JSON path in Marathon's notation and the messages for it. */
export interface Violation {
  path: string;
  errors: string[];
}

export const INVALID_OBJECT_MESSAGE = 'Object is not valid';

/** Marathon's 422 answer for a definition that parsed as JSON but is not valid. */
export interface ValidationFailure {
  ok: false;
  status: 422;
  body: { message: typeof INVALID_OBJECT_MESSAGE; details: Violation[] };
}

export function violation(path: string, ...errors: string[]): Violation {
  return { path, errors };
}

/** Merges entries with the same path (first appearance order) and drops repeated messages. */
export function mergeViolations(list: readonly Violation[]): Violation[] {
  const byPath = new Map<string, string[]>();
  for (const v of list) {
    const errors = byPath.get(v.path) ?? [];
    for (const e of v.errors) if (!errors.includes(e)) errors.push(e);
    byPath.set(v.path, errors);
  }
  return [...byPath].map(([path, errors]) => ({ path, errors }));
}

export function validationFailure(list: readonly Violation[]): ValidationFailure {
  return { ok: false, status: 422, body: { message: INVALID_OBJECT_MESSAGE, details: mergeViolations(list) } };
}

/**
 * Paths use Marathon's notation: properties as `/a/b`, array elements as `(i)` glued to the array's name
 * (`/healthChecks(0)/portIndex`, `/constraints(0)(2)`), the whole object as `/`.
 */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path === '/' ? '' : path}(${key})`;
  return `${path === '/' ? '' : path}/${key}`;
}

/** Re-roots violations found inside a nested object (`/cmd` under `/apps(0)` is `/apps(0)/cmd`). */
export function prefixViolations(prefix: string, list: readonly Violation[]): Violation[] {
  if (prefix === '/' || prefix === '') return [...list];
  return list.map((v) => ({ path: v.path === '/' ? prefix : `${prefix}${v.path}`, errors: v.errors }));
}

/** The same failure as a typed `StratoError` (code INVALID_ARGUMENT → 422) for services that throw. */
export function toStratoError(failure: ValidationFailure): StratoError {
  return invalidArgument(failure.body.message, { details: failure.body.details });
}
