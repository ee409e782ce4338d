import { isConstraintOperator } from './constraint';
import type { Constraint, ConstraintOperator, ConstraintViolation } from './constraint';

// Messages from Marathon's SchedulingValidation.scala (SchedulingValidationMessages); the operator list includes IS
// as in Marathon's app validator since 1.5. The invalid-regex message also quotes the value (Marathon: without it).
export const MESSAGES = {
  arity: 'Each constraint must have either 2 or 3 fields',
  illegal: 'illegal constraint specification',
  operator: 'operator must be one of the following UNIQUE, CLUSTER, GROUP_BY, LIKE, MAX_PER, UNLIKE or IS',
  unique: 'UNIQUE does not accept a value',
  groupBy: 'GROUP BY must define an integer value or else no value at all',
  maxPer: 'MAX_PER requires an integer value',
  likeUnlike: 'LIKE and UNLIKE require a non-empty, regular expression value',
  is: 'IS only supports Mesos text and float values (see http://mesos.apache.org/documentation/latest/attributes-resources/)',
  expectedArray: 'error.expected.jsarray',
  expectedString: 'error.expected.jsstring',
  invalidRegex: (v: string) => `'${v}' is not a valid regular expression`,
} as const;

/** IS accepts Mesos text or float literals only (ranges and sets are reserved for later). */
const MESOS_LITERAL_OR_FLOAT = /^[a-zA-Z0-9_/.-]*$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Java's `Integer.parseInt`, which Marathon uses (`"+3"`, `"-1"` are integers; `"3.0"`, `" 3"` are not). */
export function parseJavaInt(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= INT32_MIN && n <= INT32_MAX ? n : undefined;
}

/** A regex that must match the whole value, as Java's `String.matches`. Undefined when the pattern is invalid. */
export function fullMatchRegex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    try {
      return new RegExp(`^(?:${pattern})$`);
    } catch {
      return undefined;
    }
  }
}

/**
 * Marathon's syntax rules for the app field `constraints`. Returns one entry per offending place; paths are relative
 * to the array (`/0` for a whole tuple, `/0/1` for its operator, `/0/2` for its value). An empty list means valid.
 */
export function validateConstraints(constraints: unknown): ConstraintViolation[] {
  if (constraints === undefined || constraints === null) return [];
  if (!Array.isArray(constraints)) return [{ path: '', errors: [MESSAGES.expectedArray] }];
  return constraints.flatMap((tuple, i) => validateTuple(tuple, `/${i}`));
}

function validateTuple(tuple: unknown, path: string): ConstraintViolation[] {
  if (!Array.isArray(tuple)) return [{ path, errors: [MESSAGES.expectedArray] }];
  const notStrings = tuple.flatMap((item, j) =>
    typeof item === 'string' ? [] : [{ path: `${path}/${j}`, errors: [MESSAGES.expectedString] }],
  );
  if (notStrings.length > 0) return notStrings;
  if (tuple.length < 2 || tuple.length > 3) return [{ path, errors: [MESSAGES.arity] }];
  const [field, op, value] = tuple as string[];
  if (field === '') return [{ path: `${path}/0`, errors: [MESSAGES.illegal] }];
  const operator = op.toUpperCase();
  if (!isConstraintOperator(operator)) return [{ path: `${path}/1`, errors: [MESSAGES.operator] }];
  const error = valueError(operator, value);
  return error === undefined ? [] : [{ path: value === undefined ? path : `${path}/2`, errors: [error] }];
}

function valueError(operator: ConstraintOperator, value: string | undefined): string | undefined {
  switch (operator) {
    case 'UNIQUE':
      return value === undefined ? undefined : MESSAGES.unique;
    case 'CLUSTER':
      return undefined;
    case 'GROUP_BY':
      return value === undefined || parseJavaInt(value) !== undefined ? undefined : MESSAGES.groupBy;
    case 'MAX_PER':
      return value !== undefined && parseJavaInt(value) !== undefined ? undefined : MESSAGES.maxPer;
    case 'LIKE':
    case 'UNLIKE':
      if (value === undefined || value === '') return MESSAGES.likeUnlike;
      return fullMatchRegex(value) ? undefined : MESSAGES.invalidRegex(value);
    case 'IS':
      return MESOS_LITERAL_OR_FLOAT.test(value ?? '') ? undefined : MESSAGES.is;
  }
}

/**
 * Parses one tuple that `validateConstraints` accepted: the operator is upper-cased, the value kept as given.
 * Throws on a tuple that is not valid (callers validate first).
 */
export function parseConstraint(tuple: readonly string[]): Constraint {
  const violations = validateTuple(tuple, '');
  if (violations.length > 0) {
    const v = violations[0];
    throw new Error(`invalid constraint ${JSON.stringify(tuple)}: ${v.errors.join(', ')}`);
  }
  const [field, op, value] = tuple;
  const operator = op.toUpperCase() as ConstraintOperator;
  return value === undefined ? { field, operator } : { field, operator, value };
}

/** Parses a whole validated `constraints` array. */
export function parseConstraints(tuples: readonly (readonly string[])[] | undefined): Constraint[] {
  return (tuples ?? []).map(parseConstraint);
}
