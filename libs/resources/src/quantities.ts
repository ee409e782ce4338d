import { ResourceParseError } from './errors';
import { compareNames, validateName } from './names';
import type { Resources } from './resources';
import { formatMilli, fromMilli, toMilli } from './scalar';
import type { Resource } from './types';

/**
 * Scalar totals by name, ignoring roles (Mesos `ResourceQuantities`; what DRF shares and
 * `--min_allocatable_resources` use). Immutable; values are milli; zero quantities are dropped.
 */
export class ResourceQuantities {
  static readonly EMPTY: ResourceQuantities = new ResourceQuantities([], []);

  private _text: string | undefined;

  /** `keys` in canonical name order, `milli` positive integers. */
  private constructor(
    private readonly keys: readonly string[],
    private readonly milli: readonly number[],
  ) {}

  private static make(keys: string[], milli: number[]): ResourceQuantities {
    return keys.length === 0 ? ResourceQuantities.EMPTY : new ResourceQuantities(keys, milli);
  }

  /** The scalar quantities of `r` (cached on `r`). */
  static from(r: Resources): ResourceQuantities {
    return r.quantities();
  }

  /** @internal Sums the scalar entries of a canonical-order entry list (adjacent names merge). */
  static fromScalarEntries(entries: readonly Resource[]): ResourceQuantities {
    const keys: string[] = [];
    const milli: number[] = [];
    for (const r of entries) {
      if (r.value.type !== 'scalar') continue;
      if (keys.length > 0 && keys[keys.length - 1] === r.name) milli[milli.length - 1] += r.value.milli;
      else {
        keys.push(r.name);
        milli.push(r.value.milli);
      }
    }
    return ResourceQuantities.make(keys, milli);
  }

  /** From values in units, e.g. `{cpus: 0.01, mem: 32}`. */
  static of(entries: Record<string, number>): ResourceQuantities {
    const milli: Record<string, number> = {};
    for (const [name, value] of Object.entries(entries)) milli[name] = toMilli(value);
    return ResourceQuantities.ofMilli(milli);
  }

  /** From values already in milli, e.g. `{cpus: 10, mem: 32000}`. */
  static ofMilli(entries: Record<string, number>): ResourceQuantities {
    const names = Object.keys(entries).sort(compareNames);
    const keys: string[] = [];
    const milli: number[] = [];
    for (const name of names) {
      validateName(name);
      const m = entries[name];
      if (!Number.isSafeInteger(m) || m < 0) {
        throw new ResourceParseError(`invalid quantity for '${name}': ${String(m)} is not a non-negative integer milli`);
      }
      if (m === 0) continue;
      keys.push(name);
      milli.push(m);
    }
    return ResourceQuantities.make(keys, milli);
  }

  /** Quantity of `name` in milli (0 when absent). */
  get(name: string): number {
    const i = this.keys.indexOf(name);
    return i < 0 ? 0 : this.milli[i];
  }

  /** Names with a non-zero quantity, in canonical order. */
  names(): readonly string[] {
    return this.keys;
  }

  add(other: ResourceQuantities): ResourceQuantities {
    if (other.keys.length === 0) return this;
    if (this.keys.length === 0) return other;
    return this.merge(other, (a, b) => a + b);
  }

  /** this - other, clamping each quantity at 0. */
  subtract(other: ResourceQuantities): ResourceQuantities {
    if (other.keys.length === 0 || this.keys.length === 0) return this;
    return this.merge(other, (a, b) => (a > b ? a - b : 0));
  }

  private merge(other: ResourceQuantities, op: (a: number, b: number) => number): ResourceQuantities {
    const keys: string[] = [];
    const milli: number[] = [];
    const push = (k: string, m: number): void => {
      if (m !== 0) {
        keys.push(k);
        milli.push(m);
      }
    };
    let i = 0;
    let j = 0;
    while (i < this.keys.length || j < other.keys.length) {
      const c = i >= this.keys.length ? 1 : j >= other.keys.length ? -1 : compareNames(this.keys[i], other.keys[j]);
      if (c < 0) push(this.keys[i], op(this.milli[i++], 0));
      else if (c > 0) push(other.keys[j], op(0, other.milli[j++]));
      else push(this.keys[i], op(this.milli[i++], other.milli[j++]));
    }
    return ResourceQuantities.make(keys, milli);
  }

  isEmpty(): boolean {
    return this.keys.length === 0;
  }

  /** True when every quantity is available in `r`, summed over roles. */
  containedIn(r: Resources): boolean {
    return this.containedInQuantities(r.quantities());
  }

  /** True when every quantity here is <= the same quantity in `q`. */
  containedInQuantities(q: ResourceQuantities): boolean {
    for (let i = 0; i < this.keys.length; i++) if (q.get(this.keys[i]) < this.milli[i]) return false;
    return true;
  }

  equals(other: ResourceQuantities): boolean {
    if (this === other) return true;
    if (this.keys.length !== other.keys.length) return false;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] !== other.keys[i] || this.milli[i] !== other.milli[i]) return false;
    }
    return true;
  }

  /** "cpus:0.01;mem:32" (empty string when empty). */
  toString(): string {
    if (this._text === undefined) {
      this._text = this.keys.map((k, i) => `${k}:${formatMilli(this.milli[i])}`).join(';');
    }
    return this._text;
  }

  /** Values in units, e.g. `{cpus: 0.01, mem: 32}`. */
  toJSON(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = 0; i < this.keys.length; i++) out[this.keys[i]] = fromMilli(this.milli[i]);
    return out;
  }
}
