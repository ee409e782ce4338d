/** Tiny builders so the schemas read as a field list. Every object is closed (unknown fields are errors). */

export type Schema = Record<string, unknown>;

export const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
export const int = (description: string, extra: Schema = {}): Schema => ({ type: 'integer', description, ...extra });
export const num = (description: string, extra: Schema = {}): Schema => ({ type: 'number', description, ...extra });
export const bool = (description: string): Schema => ({ type: 'boolean', description });

export const obj = (description: string, properties: Record<string, Schema>, extra: Schema = {}): Schema => ({
  type: 'object',
  description,
  additionalProperties: false,
  properties,
  ...extra,
});

export const arr = (description: string, items: Schema, extra: Schema = {}): Schema => ({
  type: 'array',
  description,
  items,
  ...extra,
});

export const stringMap = (description: string): Schema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string' },
});

export const oneOfStrings = (description: string, values: readonly string[], extra: Schema = {}): Schema => ({
  type: 'string',
  description,
  enum: values,
  ...extra,
});

export const port = (description: string): Schema => int(description, { minimum: 0, maximum: 65535 });
export const seconds = (description: string): Schema => int(description, { minimum: 0 });

/** A path id as written; its segment rules live in `path-id.ts` so that they carry Marathon's messages. */
export const pathId = (description: string): Schema => str(description, { minLength: 1 });

/** Port names as Marathon allows them in port definitions, port mappings and readiness checks. */
export const PORT_NAME_PATTERN = '^[a-z][a-z0-9-]*$';
