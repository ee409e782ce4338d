import type { Violation } from './violations';

/** Marathon's 400 answer for a body that is not JSON at all (422 is for JSON that is not a valid definition). */
export interface InvalidJson {
  ok: false;
  status: 400;
  body: { message: 'Invalid JSON'; details: Violation[] };
}

export type JsonBodyResult = { ok: true; value: unknown } | InvalidJson;

/** Parses a request body; a parse error becomes `{message: 'Invalid JSON', details: [{path: '/', errors: [why]}]}`. */
export function parseJsonBody(text: string): JsonBodyResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, status: 400, body: { message: 'Invalid JSON', details: [{ path: '/', errors: [why] }] } };
  }
}
