import { ResourceParseError } from './errors';
import type { Range } from './types';

const EMPTY: readonly Range[] = Object.freeze([]);

function checkRange(r: Range): void {
  const { begin, end } = r ?? ({} as Range);
  if (!Number.isSafeInteger(begin) || !Number.isSafeInteger(end) || begin < 0 || begin > end) {
    throw new ResourceParseError(
      `invalid range '${String(begin)}-${String(end)}': need integers with 0 <= begin <= end`,
    );
  }
}

/** True when `ranges` is valid and already sorted, merged and non-adjacent. */
export function isNormalized(ranges: readonly Range[]): boolean {
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i];
    checkRange(r);
    if (i > 0 && r.begin <= ranges[i - 1].end + 1) return false;
  }
  return true;
}

/** Sorts and merges overlapping and adjacent ranges. Validates every range. Always returns a new array. */
export function normalizeRanges(ranges: readonly Range[]): Range[] {
  if (isNormalized(ranges)) return ranges.map((r) => ({ begin: r.begin, end: r.end }));
  const sorted = [...ranges].sort((a, b) => a.begin - b.begin || a.end - b.end);
  const out: Range[] = [];
  let cur = { begin: sorted[0].begin, end: sorted[0].end };
  for (let i = 1; i < sorted.length; i++) {
    const r = sorted[i];
    if (r.begin <= cur.end + 1) {
      if (r.end > cur.end) cur.end = r.end;
    } else {
      out.push(cur);
      cur = { begin: r.begin, end: r.end };
    }
  }
  out.push(cur);
  return out;
}

/** Union of two normalized lists (linear merge). */
export function addNormalized(a: readonly Range[], b: readonly Range[]): readonly Range[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: Range[] = [];
  let i = 0;
  let j = 0;
  let cur: { begin: number; end: number } | undefined;
  while (i < a.length || j < b.length) {
    const r = j >= b.length || (i < a.length && a[i].begin <= b[j].begin) ? a[i++] : b[j++];
    if (cur !== undefined && r.begin <= cur.end + 1) {
      if (r.end > cur.end) cur.end = r.end;
    } else {
      if (cur !== undefined) out.push(cur);
      cur = { begin: r.begin, end: r.end };
    }
  }
  if (cur !== undefined) out.push(cur);
  return out;
}

/** Difference a \ b of two normalized lists (linear sweep). */
export function subtractNormalized(a: readonly Range[], b: readonly Range[]): readonly Range[] {
  if (a.length === 0 || b.length === 0) return a;
  const out: Range[] = [];
  let j = 0;
  for (const r of a) {
    let begin = r.begin;
    while (j < b.length && b[j].end < begin) j++;
    let k = j;
    while (k < b.length && b[k].begin <= r.end && begin <= r.end) {
      if (b[k].begin > begin) out.push({ begin, end: b[k].begin - 1 });
      begin = Math.max(begin, b[k].end + 1);
      k++;
    }
    if (begin <= r.end) out.push(begin === r.begin ? r : { begin, end: r.end });
  }
  return out;
}

/** True when normalized `a` covers every value of normalized `b`. */
export function containsNormalized(a: readonly Range[], b: readonly Range[]): boolean {
  let i = 0;
  for (const r of b) {
    while (i < a.length && a[i].end < r.begin) i++;
    if (i >= a.length || a[i].begin > r.begin || a[i].end < r.end) return false;
  }
  return true;
}

export function equalRanges(a: readonly Range[], b: readonly Range[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].begin !== b[i].begin || a[i].end !== b[i].end) return false;
  }
  return true;
}

function countRanges(ranges: readonly Range[]): number {
  let n = 0;
  for (const r of ranges) n += r.end - r.begin + 1;
  return n;
}

function takeLowestNormalized(ranges: readonly Range[], n: number): Range[] | undefined {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ResourceParseError(`invalid count '${String(n)}': need a non-negative integer`);
  }
  const out: Range[] = [];
  let left = n;
  for (const r of ranges) {
    if (left === 0) break;
    const size = r.end - r.begin + 1;
    if (size <= left) {
      out.push({ begin: r.begin, end: r.end });
      left -= size;
    } else {
      out.push({ begin: r.begin, end: r.begin + left - 1 });
      left = 0;
    }
  }
  return left === 0 ? out : undefined;
}

const INT = /^\d+$/;

function parseBound(s: string, text: string): number {
  const t = s.trim();
  const v = Number(t);
  if (!INT.test(t) || !Number.isSafeInteger(v)) {
    throw new ResourceParseError(`invalid range bound '${t}' in '${text}': expected a non-negative integer`);
  }
  return v;
}

/** Parses Mesos ranges text "[b-e,b-e]" (whitespace tolerant, "[]" is empty) into a normalized list. */
export function parseRanges(text: string): Range[] {
  const s = text.trim();
  if (!s.startsWith('[') || !s.endsWith(']')) {
    throw new ResourceParseError(`invalid ranges '${text}': expected '[begin-end,...]'`);
  }
  const body = s.slice(1, -1).trim();
  if (body === '') return [];
  const out: Range[] = [];
  for (const part of body.split(',')) {
    const dash = part.indexOf('-');
    if (dash < 0) {
      throw new ResourceParseError(`invalid range '${part.trim()}' in '${text}': expected 'begin-end'`);
    }
    const begin = parseBound(part.slice(0, dash), text);
    const end = parseBound(part.slice(dash + 1), text);
    if (begin > end) {
      throw new ResourceParseError(`invalid range '${part.trim()}' in '${text}': begin is greater than end`);
    }
    out.push({ begin, end });
  }
  return normalizeRanges(out);
}

/** Formats ranges as Mesos text: "[31000-32000,33000-33005]" ("[]" when empty). */
export function formatRanges(ranges: readonly Range[]): string {
  let s = '[';
  for (let i = 0; i < ranges.length; i++) {
    if (i > 0) s += ',';
    s += `${ranges[i].begin}-${ranges[i].end}`;
  }
  return s + ']';
}

/** Returns `ranges` when already normalized (validated), else a normalized copy. */
function norm(ranges: readonly Range[]): readonly Range[] {
  return isNormalized(ranges) ? ranges : normalizeRanges(ranges);
}

/** Range-list helpers. Inputs need not be normalized; outputs always are (and are fresh arrays). */
export const Ranges = {
  normalize(ranges: readonly Range[]): Range[] {
    return normalizeRanges(ranges);
  },
  add(a: readonly Range[], b: readonly Range[]): Range[] {
    return [...addNormalized(norm(a), norm(b))];
  },
  subtract(a: readonly Range[], b: readonly Range[]): Range[] {
    return [...subtractNormalized(norm(a), norm(b))];
  },
  contains(a: readonly Range[], b: readonly Range[]): boolean {
    return containsNormalized(norm(a), norm(b));
  },
  count(ranges: readonly Range[]): number {
    return countRanges(norm(ranges));
  },
  takeLowest(ranges: readonly Range[], n: number): Range[] | undefined {
    return takeLowestNormalized(norm(ranges), n);
  },
  parse(text: string): Range[] {
    return parseRanges(text);
  },
  format(ranges: readonly Range[]): string {
    return formatRanges(ranges);
  },
};

export { EMPTY as EMPTY_RANGES, countRanges };
