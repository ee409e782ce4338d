import { InsufficientResourcesError } from './errors';
import { containsAll, findShortfalls, mergeAdd, mergeSubtract, relabel } from './merge';
import { compareNames, compareRoles, validateRole } from './names';
import { normalizeEntries } from './normalize';
import { parseResourceList } from './parse';
import { ResourceQuantities } from './quantities';
import { addNormalized, EMPTY_RANGES, formatRanges } from './ranges';
import { fromMilli, toMilli } from './scalar';
import type { FitResult, Range, Resource, ResourceValue, Role } from './types';
import { addValues, equalValues, formatSet, formatValue } from './values';

/** Mesos JSON form of one resource (as accepted by `Resources.parse`). */
export interface MesosResourceJSON {
  name: string;
  type: 'SCALAR' | 'RANGES' | 'SET';
  role?: string;
  scalar?: { value: number };
  ranges?: { range: Range[] };
  set?: { item: string[] };
}

/**
 * An immutable bag of resources (Mesos `Resources`). Internally a normalized array of entries in
 * canonical order: one entry per (name, role), no empty values. Derived values are cached lazily.
 */
export class Resources implements Iterable<Resource> {
  static readonly EMPTY: Resources = new Resources([]);

  private _quantities: ResourceQuantities | undefined;
  private _text: string | undefined;
  private _unreserved: Resources | undefined;
  private _allocRole: Role | undefined;
  private _alloc: Resources | undefined;

  private constructor(private readonly entries: readonly Resource[]) {}

  private static of(entries: readonly Resource[]): Resources {
    return entries.length === 0 ? Resources.EMPTY : new Resources(entries);
  }

  /** Parses Mesos text ("cpus:4;mem:8192;ports:[31000-32000];cpus(web):2") or the Mesos JSON array form. */
  static parse(text: string, defaultRole: Role = '*'): Resources {
    return Resources.from(parseResourceList(text, defaultRole));
  }

  /** Validates and normalizes: merges same (name, role), drops empty values, sorts. */
  static from(resources: Iterable<Resource>): Resources {
    return Resources.of(normalizeEntries(resources));
  }

  /** A single scalar in units, e.g. `Resources.scalar('cpus', 0.5)`. */
  static scalar(name: string, value: number, role: Role = '*'): Resources {
    return Resources.from([{ name, role, value: { type: 'scalar', milli: toMilli(value) } }]);
  }

  static ranges(name: string, ranges: readonly Range[], role: Role = '*'): Resources {
    return Resources.from([{ name, role, value: { type: 'ranges', ranges } }]);
  }

  static set(name: string, items: readonly string[], role: Role = '*'): Resources {
    return Resources.from([{ name, role, value: { type: 'set', items } }]);
  }

  /** Entries in canonical order: cpus, mem, disk, gpus, ports, others by name; '*' first, then roles. */
  toList(): readonly Resource[] {
    return this.entries;
  }

  [Symbol.iterator](): Iterator<Resource> {
    return this.entries[Symbol.iterator]();
  }

  /**
   * Mesos text, unreserved first, then each role alphabetically, names in canonical order within
   * each, e.g. "cpus:2;mem:1024;ports:[31000-31005];cpus(web):0.5". Empty string when empty. Cached.
   */
  toString(): string {
    if (this._text === undefined) {
      const parts: string[] = [];
      const ordered = [...this.entries].sort((a, b) => compareRoles(a.role, b.role) || compareNames(a.name, b.name));
      for (const r of ordered) {
        parts.push(`${r.name}${r.role === '*' ? '' : `(${r.role})`}:${formatValue(r.value)}`);
      }
      this._text = parts.join(';');
    }
    return this._text;
  }

  /**
   * Mesos /state style summary summed over roles: always cpus, mem, disk, gpus (numbers in units),
   * then ports and other names (scalars as numbers, ranges "[a-b]" and sets "{a,b}" as strings).
   */
  toJSON(): Record<string, number | string> {
    const out: Record<string, number | string> = { cpus: 0, mem: 0, disk: 0, gpus: 0 };
    for (const name of this.names()) {
      const v = this.valueOf(name);
      if (v === undefined) continue;
      out[name] = v.type === 'scalar' ? fromMilli(v.milli) : v.type === 'ranges' ? formatRanges(v.ranges) : formatSet(v.items);
    }
    return out;
  }

  /** Mesos JSON array form, parseable by `Resources.parse`. */
  toMesosJSON(): MesosResourceJSON[] {
    return this.entries.map((r) => {
      const base = { name: r.name, ...(r.role === '*' ? {} : { role: r.role }) };
      const v = r.value;
      if (v.type === 'scalar') return { ...base, type: 'SCALAR', scalar: { value: fromMilli(v.milli) } };
      if (v.type === 'ranges') return { ...base, type: 'RANGES', ranges: { range: v.ranges.map((x) => ({ ...x })) } };
      return { ...base, type: 'SET', set: { item: [...v.items] } };
    });
  }

  isEmpty(): boolean {
    return this.entries.length === 0;
  }

  equals(other: Resources): boolean {
    if (this === other) return true;
    const a = this.entries;
    const b = other.entries;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (a[i].name !== b[i].name || a[i].role !== b[i].role || !equalValues(a[i].value, b[i].value)) return false;
    }
    return true;
  }

  add(other: Resources): Resources {
    if (other.entries.length === 0) return this;
    if (this.entries.length === 0) return other;
    return new Resources(mergeAdd(this.entries, other.entries));
  }

  /**
   * The sum of many bags in one pass (one merge instead of one per bag): what `reduce` over `add`
   * gives, for the sums the master takes over an agent's tasks.
   */
  static sum(bags: Iterable<Resources>): Resources {
    const entries: Resource[] = [];
    let only: Resources | undefined;
    let nonEmpty = 0;
    for (const bag of bags) {
      if (bag.entries.length === 0) continue;
      nonEmpty++;
      only = bag;
      for (const e of bag.entries) entries.push(e);
    }
    if (nonEmpty <= 1) return only ?? Resources.EMPTY;
    return Resources.of(normalizeEntries(entries));
  }

  /** this - other; throws InsufficientResourcesError listing every shortfall unless this.contains(other). */
  subtract(other: Resources): Resources {
    if (other.entries.length === 0) return this;
    const out = mergeSubtract(this.entries, other.entries);
    if (out === undefined) {
      const shortfalls = findShortfalls(this.entries, other.entries);
      throw new InsufficientResourcesError(`insufficient resources: ${shortfalls.map((s) => s.message).join('; ')}`);
    }
    return Resources.of(out);
  }

  /** Role-exact containment: cpus(web) is not satisfied by cpus(*). */
  contains(other: Resources): boolean {
    return other.entries.length === 0 || containsAll(this.entries, other.entries);
  }

  /** Like `contains`, but explains every shortfall. */
  fits(wanted: Resources): FitResult {
    const shortfalls = findShortfalls(this.entries, wanted.entries);
    return shortfalls.length === 0 ? { ok: true } : { ok: false, shortfalls };
  }

  /** The value of (name, role), if any. */
  get(name: string, role: Role = '*'): ResourceValue | undefined {
    for (const r of this.entries) if (r.name === name && r.role === role) return r.value;
    return undefined;
  }

  /** Distinct names in canonical order. */
  names(): readonly string[] {
    const out: string[] = [];
    for (const r of this.entries) if (out[out.length - 1] !== r.name) out.push(r.name);
    return out;
  }

  /** The value of `name` summed (or unioned) over all roles. */
  valueOf(name: string): ResourceValue | undefined {
    let v: ResourceValue | undefined;
    for (const r of this.entries) if (r.name === name) v = v === undefined ? r.value : addValues(v, r.value);
    return v;
  }

  /** Scalar `name` in milli for `role`, or summed over all roles when `role` is omitted. */
  scalarMilli(name: string, role?: Role): number {
    let m = 0;
    for (const r of this.entries) {
      if (r.name === name && r.value.type === 'scalar' && (role === undefined || r.role === role)) m += r.value.milli;
    }
    return m;
  }

  cpus(): number {
    return fromMilli(this.scalarMilli('cpus'));
  }

  mem(): number {
    return fromMilli(this.scalarMilli('mem'));
  }

  disk(): number {
    return fromMilli(this.scalarMilli('disk'));
  }

  gpus(): number {
    return fromMilli(this.scalarMilli('gpus'));
  }

  /** Port ranges unioned over all roles. */
  ports(): readonly Range[] {
    let out: readonly Range[] = EMPTY_RANGES;
    for (const r of this.entries) if (r.name === 'ports' && r.value.type === 'ranges') out = addNormalized(out, r.value.ranges);
    return out;
  }

  /** Only resources reserved to `role` (always empty for '*': nothing can be reserved to '*'). */
  reservedTo(role: Role): Resources {
    if (role === '*') return Resources.EMPTY;
    return this.filter((r) => r.role === role);
  }

  /** Only unreserved ('*') resources. */
  unreserved(): Resources {
    if (this._unreserved === undefined) this._unreserved = this.filter((r) => r.role === '*');
    return this._unreserved;
  }

  /** Unreserved plus reserved to `role` (the last answer is cached). */
  allocatableTo(role: Role): Resources {
    if (role === '*') return this.unreserved();
    if (this._allocRole !== role || this._alloc === undefined) {
      this._alloc = this.filter((r) => r.role === '*' || r.role === role);
      this._allocRole = role;
    }
    return this._alloc;
  }

  /** Same quantities re-labelled to `role` (merging roles); used for reservations. */
  withRole(role: Role): Resources {
    validateRole(role);
    if (this.entries.every((r) => r.role === role)) return this;
    return new Resources(relabel(this.entries, role));
  }

  /** The entries matching `pred` (returns `this` when all match). */
  filter(pred: (r: Resource) => boolean): Resources {
    const out = this.entries.filter(pred);
    return out.length === this.entries.length ? this : Resources.of(out);
  }

  /** Scalar totals by name, ignoring roles (cached). */
  quantities(): ResourceQuantities {
    if (this._quantities === undefined) this._quantities = ResourceQuantities.fromScalarEntries(this.entries);
    return this._quantities;
  }
}
