import { ResourceParseError } from './errors';
import { compareEntries, validateName, validateRole } from './names';
import { addValues, isEmptyValue, normalizeValue } from './values';
import type { Resource } from './types';

/** Throws unless `gpus` scalars are whole numbers. */
export function checkGpus(r: Resource): void {
  if (r.name === 'gpus' && r.value.type === 'scalar' && r.value.milli % 1000 !== 0) {
    throw new ResourceParseError(`invalid gpus(${r.role}) value ${r.value.milli / 1000}: gpus must be whole numbers`);
  }
}

/**
 * Throws when a name is used with two different value types. `sorted` must be in canonical
 * order, so all entries of a name are adjacent.
 */
export function checkTypes(sorted: readonly Resource[]): void {
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (a.name === b.name && a.value.type !== b.value.type) {
      throw new ResourceParseError(
        `resource '${a.name}' is used as both ${a.value.type} (${a.name}(${a.role})) and ${b.value.type} (${b.name}(${b.role}))`,
      );
    }
  }
}

/**
 * Validates, merges same (name, role) entries, drops empty ones and sorts into canonical order
 * (cpus, mem, disk, gpus, ports, other names; '*' first, then roles). Input already in canonical
 * order with distinct (name, role) pairs (what the wire and our own bags give) skips the merge and
 * the sort, and valid positive scalars are kept as they are: the master normalizes every task's
 * resources when 1,000 agents re-register.
 */
export function normalizeEntries(input: Iterable<Resource>): Resource[] {
  const list: Resource[] = [];
  let ordered = true;
  for (const r of input) {
    if (typeof r !== 'object' || r === null) throw new ResourceParseError(`invalid resource ${String(r)}`);
    const name = validateName(r.name);
    const role = validateRole(r.role);
    const value = r.value?.type === 'scalar' && r.value.milli > 0 && Number.isSafeInteger(r.value.milli) ? r.value : normalizeValue(r.value, `${name}(${role})`);
    const entry: Resource = { name, role, value };
    if (ordered && list.length > 0 && compareEntries(list[list.length - 1], entry) >= 0) ordered = false;
    list.push(entry);
  }
  const all = ordered ? list : mergeSameKeys(list).sort(compareEntries);
  checkTypes(all);
  const out: Resource[] = [];
  for (const r of all) {
    checkGpus(r);
    if (r.value.type === 'scalar' && !Number.isSafeInteger(r.value.milli)) {
      throw new ResourceParseError(`resource ${r.name}(${r.role}) is too large`);
    }
    if (!isEmptyValue(r.value)) out.push(r);
  }
  return out;
}

/** One entry per (name, role), values of repeated pairs added (in input order). */
function mergeSameKeys(list: readonly Resource[]): Resource[] {
  const byKey = new Map<string, Resource>();
  for (const r of list) {
    const key = `${r.name}\u0000${r.role}`;
    const prev = byKey.get(key);
    if (prev === undefined) byKey.set(key, r);
    else if (prev.value.type !== r.value.type) {
      throw new ResourceParseError(`resource '${r.name}' is used as both ${prev.value.type} and ${r.value.type}`);
    } else byKey.set(key, { name: r.name, role: r.role, value: addValues(prev.value, r.value) });
  }
  return [...byKey.values()];
}
