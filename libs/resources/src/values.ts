import { ResourceParseError } from './errors';
import {
  addNormalized,
  containsNormalized,
  equalRanges,
  formatRanges,
  normalizeRanges,
  subtractNormalized,
} from './ranges';
import { formatMilli } from './scalar';
import type { ResourceValue } from './types';

// ---- sets (sorted, unique string arrays) ----

const SET_ITEM_BAD = /[{},;\x00-\x1f\x7f]/;

/** Validates, sorts and de-duplicates set items. Always returns a new array. */
export function normalizeSet(items: readonly string[]): string[] {
  for (const item of items) {
    if (typeof item !== 'string' || item === '' || item.trim() !== item || SET_ITEM_BAD.test(item)) {
      throw new ResourceParseError(
        `invalid set item '${String(item)}': must be non-empty, without surrounding whitespace, control characters, '{', '}', ',' or ';'`,
      );
    }
  }
  const sorted = [...items].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.filter((x, i) => i === 0 || sorted[i - 1] !== x);
}

function unionSets(a: readonly string[], b: readonly string[]): readonly string[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(a[i++]);
      j++;
    } else if (a[i] < b[j]) out.push(a[i++]);
    else out.push(b[j++]);
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

function diffSets(a: readonly string[], b: readonly string[]): readonly string[] {
  if (b.length === 0) return a;
  const drop = new Set(b);
  return a.filter((x) => !drop.has(x));
}

function subsetOf(b: readonly string[], a: readonly string[]): boolean {
  let i = 0;
  for (const x of b) {
    while (i < a.length && a[i] < x) i++;
    if (i >= a.length || a[i] !== x) return false;
  }
  return true;
}

export function formatSet(items: readonly string[]): string {
  return `{${items.join(',')}}`;
}

// ---- values ----

export function isEmptyValue(v: ResourceValue): boolean {
  switch (v.type) {
    case 'scalar':
      return v.milli === 0;
    case 'ranges':
      return v.ranges.length === 0;
    case 'set':
      return v.items.length === 0;
  }
}

/** Validates a value and returns its normalized copy (ranges merged, set sorted/unique). */
export function normalizeValue(v: ResourceValue, what: string): ResourceValue {
  switch (v?.type) {
    case 'scalar':
      if (!Number.isSafeInteger(v.milli) || v.milli < 0) {
        throw new ResourceParseError(`invalid scalar for ${what}: milli must be a non-negative integer, got ${String(v.milli)}`);
      }
      return { type: 'scalar', milli: v.milli + 0 };
    case 'ranges':
      return { type: 'ranges', ranges: normalizeRanges(v.ranges) };
    case 'set':
      return { type: 'set', items: normalizeSet(v.items) };
    default:
      throw new ResourceParseError(`invalid value type '${String((v as { type?: unknown })?.type)}' for ${what}`);
  }
}

/** Sum of two values of the same type (caller checks types). */
export function addValues(a: ResourceValue, b: ResourceValue): ResourceValue {
  if (a.type === 'scalar' && b.type === 'scalar') return { type: 'scalar', milli: a.milli + b.milli };
  if (a.type === 'ranges' && b.type === 'ranges') return { type: 'ranges', ranges: addNormalized(a.ranges, b.ranges) };
  if (a.type === 'set' && b.type === 'set') return { type: 'set', items: unionSets(a.items, b.items) };
  throw new ResourceParseError(`cannot add a ${b.type} to a ${a.type}`);
}

/** a - b for values of the same type; scalars clamp at 0 (callers check containment first). */
export function subtractValues(a: ResourceValue, b: ResourceValue): ResourceValue {
  if (a.type === 'scalar' && b.type === 'scalar') {
    return { type: 'scalar', milli: a.milli > b.milli ? a.milli - b.milli : 0 };
  }
  if (a.type === 'ranges' && b.type === 'ranges') {
    return { type: 'ranges', ranges: subtractNormalized(a.ranges, b.ranges) };
  }
  if (a.type === 'set' && b.type === 'set') return { type: 'set', items: diffSets(a.items, b.items) };
  throw new ResourceParseError(`cannot subtract a ${b.type} from a ${a.type}`);
}

/** True when value `a` covers value `b` (false on a type mismatch). */
export function containsValue(a: ResourceValue, b: ResourceValue): boolean {
  if (a.type === 'scalar' && b.type === 'scalar') return a.milli >= b.milli;
  if (a.type === 'ranges' && b.type === 'ranges') return containsNormalized(a.ranges, b.ranges);
  if (a.type === 'set' && b.type === 'set') return subsetOf(b.items, a.items);
  return false;
}

export function equalValues(a: ResourceValue, b: ResourceValue): boolean {
  if (a.type === 'scalar' && b.type === 'scalar') return a.milli === b.milli;
  if (a.type === 'ranges' && b.type === 'ranges') return equalRanges(a.ranges, b.ranges);
  if (a.type === 'set' && b.type === 'set') {
    return a.items.length === b.items.length && a.items.every((x, i) => x === b.items[i]);
  }
  return false;
}

/** Mesos text for a value: "1.5", "[1-2,5-9]", "{a,b}". */
export function formatValue(v: ResourceValue): string {
  switch (v.type) {
    case 'scalar':
      return formatMilli(v.milli);
    case 'ranges':
      return formatRanges(v.ranges);
    case 'set':
      return formatSet(v.items);
  }
}

/** The empty value of a type, used to describe "nothing available". */
export function emptyValueText(type: ResourceValue['type']): string {
  return type === 'scalar' ? '0' : type === 'ranges' ? '[]' : '{}';
}
