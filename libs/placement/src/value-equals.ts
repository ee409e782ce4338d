import { parseMilli } from '@strato/resources';
import type { FieldValue } from './field';

/**
 * Equality of an agent's field value and a constraint value: scalar attributes compare as numbers at 3 decimals
 * (`IS level:1.50` matches `level:1.5`), everything else as text.
 */
export function valueEquals(actual: FieldValue, wanted: string): boolean {
  if (actual.milli !== undefined) {
    const milli = parseScalar(wanted);
    if (milli !== undefined) return milli === actual.milli;
  }
  return actual.text === wanted;
}

function parseScalar(text: string): number | undefined {
  try {
    return parseMilli(text, true);
  } catch {
    return undefined;
  }
}
