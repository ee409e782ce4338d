// Linear merge algorithms over entry lists in canonical (name, role) order. Both inputs must be
// normalized (see normalize.ts); outputs are normalized too.
import { compareEntries } from './names';
import { checkTypes } from './normalize';
import type { Resource, Role, Shortfall } from './types';
import {
  addValues,
  containsValue,
  emptyValueText,
  formatValue,
  isEmptyValue,
  subtractValues,
} from './values';

/** a + b. Throws ResourceParseError when a name has different types in a and b. */
export function mergeAdd(a: readonly Resource[], b: readonly Resource[]): Resource[] {
  const out: Resource[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    const c = compareEntries(x, y);
    if (c < 0) {
      out.push(x);
      i++;
    } else if (c > 0) {
      out.push(y);
      j++;
    } else {
      out.push(x.value.type === y.value.type ? { name: x.name, role: x.role, value: addValues(x.value, y.value) } : x);
      if (x.value.type !== y.value.type) out.push(y); // let checkTypes report it
      i++;
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  checkTypes(out);
  return out;
}

/** a - b, or undefined when a does not contain b. */
export function mergeSubtract(a: readonly Resource[], b: readonly Resource[]): Resource[] | undefined {
  const out: Resource[] = [];
  let i = 0;
  for (const y of b) {
    let c = -1;
    while (i < a.length && (c = compareEntries(a[i], y)) < 0) out.push(a[i++]);
    if (c !== 0) return undefined;
    const x = a[i];
    if (!containsValue(x.value, y.value)) return undefined;
    const value = subtractValues(x.value, y.value);
    if (!isEmptyValue(value)) out.push({ name: x.name, role: x.role, value });
    i++;
  }
  while (i < a.length) out.push(a[i++]);
  return out;
}

/** True when every (name, role) entry of b is covered by the same (name, role) entry of a. */
export function containsAll(a: readonly Resource[], b: readonly Resource[]): boolean {
  let i = 0;
  for (const y of b) {
    let c = -1;
    while (i < a.length && (c = compareEntries(a[i], y)) < 0) i++;
    if (c !== 0 || !containsValue(a[i].value, y.value)) return false;
    i++;
  }
  return true;
}

/** Every entry of `wanted` that `available` does not cover, explained. */
export function findShortfalls(available: readonly Resource[], wanted: readonly Resource[]): Shortfall[] {
  const out: Shortfall[] = [];
  let i = 0;
  for (const w of wanted) {
    while (i < available.length && compareEntries(available[i], w) < 0) i++;
    const a = i < available.length && compareEntries(available[i], w) === 0 ? available[i] : undefined;
    if (a !== undefined && containsValue(a.value, w.value)) continue;
    const wantedText = formatValue(w.value);
    const availableText = a === undefined ? emptyValueText(w.value.type) : formatValue(a.value);
    out.push({
      name: w.name,
      role: w.role,
      wanted: wantedText,
      available: availableText,
      message: `${w.name}(${w.role}): wanted ${wantedText}, available ${availableText}`,
    });
  }
  return out;
}

/** Relabels every entry to `role`, merging entries of the same name. */
export function relabel(entries: readonly Resource[], role: Role): Resource[] {
  const out: Resource[] = [];
  for (const r of entries) {
    const last = out.length > 0 ? out[out.length - 1] : undefined;
    if (last !== undefined && last.name === r.name) {
      out[out.length - 1] = { name: r.name, role, value: addValues(last.value, r.value) };
    } else {
      out.push(r.role === role ? r : { name: r.name, role, value: r.value });
    }
  }
  return out;
}
