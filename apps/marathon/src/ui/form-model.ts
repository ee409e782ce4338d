// Pure helpers of the create form: form values to an AppDefinition and back.

/** The form's fields, named by their API path. */
export const FORM_FIELDS = ['id', 'cmd', 'cpus', 'mem', 'instances'] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Record<FormField, string>;

const NUMERIC: ReadonlySet<FormField> = new Set(['cpus', 'mem', 'instances']);

/**
 * The POST body of the form: empty fields are left out (the API's defaults apply), numbers are sent as numbers
 * and anything that is not one as typed, so the API's validation names the field.
 */
export function formToApp(values: Partial<FormValues>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of FORM_FIELDS) {
    const raw = (values[name] ?? '').trim();
    if (raw === '') continue;
    const n = Number(raw);
    out[name] = NUMERIC.has(name) && Number.isFinite(n) ? n : raw;
  }
  return out;
}

/** The form's values from a definition (the JSON editor's text, parsed); fields it does not have stay empty. */
export function appToForm(app: Record<string, unknown>): FormValues {
  const value = (name: FormField): string => {
    const v = app[name];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  };
  return { id: value('id'), cmd: value('cmd'), cpus: value('cpus'), mem: value('mem'), instances: value('instances') };
}

/** The JSON editor's text as an object, or the reason it is not one. */
export function parseDefinition(text: string): { ok: true; app: Record<string, unknown> } | { ok: false; message: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, message: 'The app definition must be a JSON object' };
  return { ok: true, app: parsed as Record<string, unknown> };
}

/** The JSON editor's definition with the form's values laid over it (fields emptied in the form are removed). */
export function mergeForm(app: Record<string, unknown>, values: FormValues): Record<string, unknown> {
  const rest = Object.fromEntries(Object.entries(app).filter(([key]) => !(FORM_FIELDS as readonly string[]).includes(key)));
  return { ...formToApp(values), ...rest };
}
