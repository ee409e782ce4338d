import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { APP_SCHEMA, APP_UPDATE_SCHEMA, GROUP_SCHEMA } from './schema';
import type { Schema } from './schema-builders';
import { childPath, mergeViolations, type Violation } from './violations';

/**
 * JSON-Schema step of the validation pipeline. Validators are compiled once at module load; the lenient
 * variant (strict: false) drops unknown fields instead of reporting them, as Marathon did.
 */

export type SchemaKind = 'app' | 'appUpdate' | 'group';

function compileAll(removeAdditional: boolean): Record<SchemaKind, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false, removeAdditional });
  addFormats(ajv);
  const compile = (schema: Schema) => ajv.compile(schema);
  return { app: compile(APP_SCHEMA), appUpdate: compile(APP_UPDATE_SCHEMA), group: compile(GROUP_SCHEMA) };
}

const STRICT = compileAll(false);
const LENIENT = compileAll(true);

/**
 * Validates `data` in place (the lenient mode removes unknown fields from it) and returns Marathon-style
 * violations; empty when valid.
 */
export function schemaViolations(kind: SchemaKind, data: unknown, strict: boolean): Violation[] {
  const validate = (strict ? STRICT : LENIENT)[kind];
  if (validate(data)) return [];
  const list = (validate.errors ?? []).flatMap((e) => toViolation(e, data));
  return mergeViolations(list);
}

function toViolation(error: ErrorObject, data: unknown): Violation[] {
  const path = marathonPath(error.instancePath, data);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return []; // the failing then/else branch reports the real problem
    case 'required':
      return [{ path: childPath(path, String(p.missingProperty)), errors: ['is required'] }];
    case 'additionalProperties':
      return [{ path: childPath(path, String(p.additionalProperty)), errors: [`unknown field: '${p.additionalProperty}'`] }];
    default:
      return [{ path, errors: [message(error)] }];
  }
}

function message(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `expected ${String(p.type).split(',').join(' or ')}`;
    case 'minimum':
      return `must be greater than or equal to ${p.limit}`;
    case 'maximum':
      return `is greater than ${p.limit}`;
    case 'enum':
      return `is not one of (${(p.allowedValues as unknown[]).join(',')})`;
    case 'pattern':
      return `must fully match regular expression '${p.pattern}'`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters long`;
    case 'maxLength':
      return `must be at most ${p.limit} characters long`;
    case 'minItems':
      return p.limit === 1 ? 'must not be empty' : `must have at least ${p.limit} elements`;
    case 'maxItems':
    case 'additionalItems':
      return `must have at most ${p.limit} elements`;
    case 'uniqueItems':
      return 'Elements must be unique.';
    case 'format':
      return p.format === 'date-time' ? 'must be an ISO-8601 date-time' : `must be a valid ${p.format}`;
    default:
      return error.message ?? `is not valid (${error.keyword})`;
  }
}

/** JSON pointer (`/healthChecks/0/port`) → Marathon path (`/healthChecks(0)/port`), using the data to tell indices. */
export function marathonPath(pointer: string, data: unknown): string {
  if (pointer === '') return '/';
  let path = '/';
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path = childPath(path, Number(key));
      node = node[Number(key)];
    } else {
      path = childPath(path, key);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}
