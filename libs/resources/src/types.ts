/** A Mesos role name. `'*'` means unreserved. */
export type Role = string;

/** The unreserved role. */
export const UNRESERVED: Role = '*';

/** An inclusive range of non-negative integers, e.g. ports 31000-31005. */
export interface Range {
  readonly begin: number;
  readonly end: number;
}

/**
 * The value of one resource. Scalars are fixed point: `milli` is an integer number of thousandths.
 * Ranges are normalized (sorted, non-overlapping, adjacent merged); set items are sorted and unique.
 */
export type ResourceValue =
  | { readonly type: 'scalar'; readonly milli: number }
  | { readonly type: 'ranges'; readonly ranges: readonly Range[] }
  | { readonly type: 'set'; readonly items: readonly string[] };

/** One resource: a quantity of `name` reserved to `role` (`'*'` = unreserved). */
export interface Resource {
  readonly name: string;
  readonly role: Role;
  readonly value: ResourceValue;
}

/** Why a `fits` check failed for one (name, role). */
export interface Shortfall {
  name: string;
  role: Role;
  wanted: string;
  available: string;
  message: string;
}

export type FitResult = { ok: true } | { ok: false; shortfalls: Shortfall[] };
