/** Typed readers for one field of a request body; each throws a JobValidationError naming the field. */
import { JobValidationError } from './types';

export type Body = Readonly<Record<string, unknown>>;

export function fail(message: string): never {
  throw new JobValidationError(message);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The field's value, with null read as absent: Chronos reads every optional field with `has(x) && get(x) != null`,
 * and clients (chronos-python, UI forms) send nulls for unset fields.
 */
export function present(body: Body, field: string): unknown {
  const value = body[field];
  return value === null ? undefined : value;
}

export function optString(body: Body, field: string): string | undefined {
  const value = present(body, field);
  if (value === undefined || typeof value === 'string') return value;
  return fail(`Field '${field}' must be a string`);
}

/** Booleans; the strings "true"/"false" too, as Jackson's `asBoolean` read them. */
export function optBool(body: Body, field: string): boolean | undefined {
  const value = present(body, field);
  if (value === undefined || typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return fail(`Field '${field}' must be a boolean`);
}

/** Numbers; numeric strings too (Chronos' doc examples post `"cpus": "0.5"`). */
function optNumeric(body: Body, field: string, message: string): number | undefined {
  const value = present(body, field);
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0) return fail(message);
  return n;
}

export function optNonNegative(body: Body, field: string): number | undefined {
  return optNumeric(body, field, `Field '${field}' must be a non-negative number`);
}

export function optNonNegativeInt(body: Body, field: string): number | undefined {
  const message = `Field '${field}' must be a non-negative integer`;
  const n = optNumeric(body, field, message);
  if (n !== undefined && !Number.isInteger(n)) return fail(message);
  return n;
}

export function optStringArray(body: Body, field: string): string[] | undefined {
  const value = present(body, field);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    return fail(`Field '${field}' must be an array of strings`);
  }
  return [...value];
}

/** An array of objects, for the fields whose entries are parsed one by one. */
export function optObjectArray(body: Body, field: string, entryMessage: string): Record<string, unknown>[] | undefined {
  const value = present(body, field);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return fail(`Field '${field}' must be an array`);
  if (!value.every(isObject)) return fail(entryMessage);
  return value;
}

/** A deep copy of JSON data, so stored definitions never share objects with request bodies. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
