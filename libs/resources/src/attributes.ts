import { ResourceParseError } from './errors';
import { validateName } from './names';
import { formatRanges, parseRanges } from './ranges';
import { formatMilli, fromMilli, parseMilli } from './scalar';
import type { Range } from './types';

/** An agent attribute value (Mesos attributes are TEXT, SCALAR or RANGES; never consumed). */
export type AttributeValue =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'scalar'; readonly milli: number }
  | { readonly type: 'ranges'; readonly ranges: readonly Range[] };

export interface Attribute {
  readonly name: string;
  readonly value: AttributeValue;
}

const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;
const TEXT_BAD = /[\x00-\x1f\x7f;{}[\]]/;

function parseAttributeValue(raw: string, token: string): AttributeValue {
  const v = raw.trim();
  if (v === '') throw new ResourceParseError(`missing value in attribute '${token}'`);
  if (v.startsWith('[')) {
    try {
      return { type: 'ranges', ranges: parseRanges(v) };
    } catch (e) {
      throw new ResourceParseError(`${(e as Error).message} (in attribute '${token}')`);
    }
  }
  if (NUMBER.test(v)) return { type: 'scalar', milli: parseMilli(v, true, `'${v}' in attribute '${token}'`) };
  if (TEXT_BAD.test(v)) {
    throw new ResourceParseError(
      `invalid attribute value '${v}' in '${token}': expected a number, ranges '[b-e,...]' or text without '{', '}', '[', ']'`,
    );
  }
  return { type: 'text', text: v };
}

/**
 * Parses Mesos `--attributes` text: "rack:r1;zone:a;level:10;keys:[1000-1500]". A value that is a
 * number is a scalar, "[...]" is ranges, anything else text. Order and duplicates are kept.
 */
export function parseAttributes(text: string): Attribute[] {
  if (typeof text !== 'string') throw new ResourceParseError(`invalid attributes: expected a string, got ${typeof text}`);
  const out: Attribute[] = [];
  for (const part of text.split(';')) {
    const token = part.trim();
    if (token === '') continue;
    const colon = token.indexOf(':');
    if (colon < 0) throw new ResourceParseError(`invalid attribute '${token}': expected 'name:value'`);
    const name = validateName(token.slice(0, colon).trim(), 'attribute name');
    out.push({ name, value: parseAttributeValue(token.slice(colon + 1), token) });
  }
  return out;
}

/** "r1", "10", "1.5", "[1000-1500]". */
export function attributeValueToString(value: AttributeValue): string {
  switch (value.type) {
    case 'text':
      return value.text;
    case 'scalar':
      return formatMilli(value.milli);
    case 'ranges':
      return formatRanges(value.ranges);
  }
}

/** Mesos text form: "rack:r1;level:10;keys:[1000-1500]". */
export function formatAttributes(attrs: readonly Attribute[]): string {
  return attrs.map((a) => `${a.name}:${attributeValueToString(a.value)}`).join(';');
}

/** Mesos /state shape: `{rack: "r1", level: 10, keys: "[1000-1500]"}` (a repeated name keeps the last value). */
export function attributesToJSON(attrs: readonly Attribute[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const a of attrs) {
    out[a.name] = a.value.type === 'scalar' ? fromMilli(a.value.milli) : attributeValueToString(a.value);
  }
  return out;
}
