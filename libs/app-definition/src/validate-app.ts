import { validateConstraints } from '@strato/placement';
import { withDefaults } from './defaults';
import { isPlainObject, withoutNulls } from './json-utils';
import { legacyViolations, migrateLegacy } from './legacy';
import { appIdErrors, pathSyntaxErrors } from './path-id';
import { crossFieldViolations } from './rules';
import { schemaViolations } from './schema-validator';
import type { AppDefinition } from './types';
import type { Now } from './version-info';
import { childPath, validationFailure, violation, type ValidationFailure, type Violation } from './violations';
import type { AppInput } from './wire-types';

export interface ValidateAppOptions {
  /** Group relative ids are resolved against (default `/`; the enclosing group for apps in groups). */
  base?: string;
  /** Version time of the result; without it the input's `version` is kept (stored definitions). */
  now?: Now;
  /** Reject unknown fields (default true). `false` drops them silently, as Marathon did. */
  strict?: boolean;
  /** Enabled Marathon features (`--enable_features`): `secrets`, `gpu_resources`. Default none. */
  features?: readonly string[];
}

export type AppValidationResult = { ok: true; app: AppDefinition } | ValidationFailure;

/**
 * The whole pipeline for one app as POST /v2/apps receives it: JSON shape (schema.ts), id and constraint syntax,
 * deprecated-field rules, then the cross-field rules on the normalized definition. Returns the normalized app or
 * Marathon's 422 body.
 */
export function validateApp(json: unknown, options: ValidateAppOptions = {}): AppValidationResult {
  const data = withoutNulls(json);
  if (!isPlainObject(data)) return validationFailure([violation('/', 'expected object')]);
  const schema = schemaViolations('app', data, options.strict ?? true);
  if (schema.length > 0) return schemaFailure(data, schema);
  return checkApp(data as unknown as AppInput, options);
}

/** The steps after the JSON schema, for an input the schema accepted (also used for apps inside groups). */
export function checkApp(input: AppInput, options: ValidateAppOptions = {}): AppValidationResult {
  const base = options.base ?? '/';
  const early = [...idViolations(input, base), ...constraintViolations(input.constraints)];
  const legacy = legacyViolations(input);
  // As Marathon, conflicts between deprecated fields are reported before the canonical rules run.
  if (legacy.length > 0) return validationFailure([...early, ...legacy]);
  const canonical = migrateLegacy(input);
  const app = withDefaults(input, { now: options.now, base });
  const all = [...early, ...crossFieldViolations({ input, canonical, app, features: options.features ?? [] })];
  return all.length > 0 ? validationFailure(all) : { ok: true, app };
}

function idViolations(input: AppInput, base: string): Violation[] {
  const out: Violation[] = [];
  const idErrors = appIdErrors(input.id, base);
  if (idErrors.length > 0) out.push({ path: '/id', errors: idErrors });
  (input.dependencies ?? []).forEach((dep, i) => {
    const errors = pathSyntaxErrors(dep);
    if (errors.length > 0) out.push({ path: childPath('/dependencies', i), errors });
  });
  return out;
}

/** `@strato/placement` reports paths relative to the array (`/0/1`); ours are `/constraints(0)(1)`. */
export function constraintViolations(constraints: unknown, prefix = '/constraints'): Violation[] {
  return validateConstraints(constraints).map((v) => ({
    path: v.path.split('/').filter((s) => s !== '').reduce((p, seg) => childPath(p, Number(seg)), prefix),
    errors: v.errors,
  }));
}

/** Schema errors, plus constraint syntax errors unless the schema already flagged the constraints. */
export function schemaFailure(data: Record<string, unknown>, schema: readonly Violation[]): ValidationFailure {
  const typed = !schema.some((v) => v.path.startsWith('/constraints'));
  return validationFailure([...schema, ...(typed ? constraintViolations(data.constraints) : [])]);
}
