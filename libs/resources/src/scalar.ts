import { ResourceParseError } from './errors';

/** Largest milli value we accept: keeps every sum an exact integer in a double. */
export const MAX_MILLI = Number.MAX_SAFE_INTEGER;

/** Converts units to fixed point thousandths: `Math.round(x * 1000)`, rejecting NaN, infinities and negatives. */
export function toMilli(x: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new ResourceParseError(`invalid scalar '${String(x)}': must be a finite number`);
  }
  if (x < 0) throw new ResourceParseError(`invalid scalar '${x}': must not be negative`);
  const m = Math.round(x * 1000) + 0; // `+ 0` turns -0 into 0
  if (m > MAX_MILLI) throw new ResourceParseError(`invalid scalar '${x}': too large`);
  return m;
}

/** Converts fixed point thousandths back to units. */
export function fromMilli(m: number): number {
  return m / 1000;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const EXPONENT = /^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;

/**
 * Parses decimal text into milli exactly (no float on the way for plain decimals), rounding
 * half up at the third decimal. Exponent forms ("1e3") go through `Number`.
 * Throws ResourceParseError quoting `text` (or `context`) when invalid.
 */
export function parseMilli(text: string, allowNegative = false, context?: string): number {
  const s = text.trim();
  const what = context ?? `'${text}'`;
  const m = DECIMAL.exec(s);
  if (m === null || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    if (EXPONENT.test(s)) return signed(Number(s), allowNegative, what);
    throw new ResourceParseError(`invalid scalar ${what}: expected a non-negative decimal number`);
  }
  const negative = m[1] === '-';
  const frac = (m[3] ?? '').padEnd(4, '0');
  const whole = m[2] === '' ? 0 : Number(m[2]);
  let milli = whole * 1000 + Number(frac.slice(0, 3));
  if (frac.charCodeAt(3) >= 53 /* '5' */) milli += 1;
  if (!Number.isSafeInteger(milli)) throw new ResourceParseError(`invalid scalar ${what}: too large`);
  if (negative && milli !== 0) {
    if (!allowNegative) throw new ResourceParseError(`invalid scalar ${what}: must not be negative`);
    return -milli;
  }
  return milli;
}

function signed(x: number, allowNegative: boolean, what: string): number {
  if (!Number.isFinite(x)) throw new ResourceParseError(`invalid scalar ${what}: must be finite`);
  if (x < 0 && !allowNegative) throw new ResourceParseError(`invalid scalar ${what}: must not be negative`);
  const m = Math.round(x * 1000) + 0;
  if (!Number.isSafeInteger(m)) throw new ResourceParseError(`invalid scalar ${what}: too large`);
  return m;
}

/** Formats milli as units with up to 3 decimals and no trailing zeros: 1500 -> "1.5", 32000 -> "32". */
export function formatMilli(milli: number): string {
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  const whole = Math.floor(abs / 1000);
  const frac = abs - whole * 1000;
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}
