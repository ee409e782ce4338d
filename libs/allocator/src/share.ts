import type { ResourceQuantities } from '@strato/resources';

/**
 * The denominators of a DRF share: the cluster total of every resource name that counts for
 * fairness. Built once per cycle so a share is a short loop over plain numbers.
 */
export class ShareBasis {
  /** Names that count, in the totals' order. */
  readonly names: readonly string[];
  /** Cluster total (milli) of `names[i]`, never 0. */
  readonly totals: readonly number[];

  constructor(totals: ResourceQuantities, excludedFromShares: readonly string[] = []) {
    const names: string[] = [];
    const values: number[] = [];
    for (const name of totals.names()) {
      const total = totals.get(name);
      // A resource nobody has cannot be shared; dividing by it would only produce NaN.
      if (total > 0 && !excludedFromShares.includes(name)) {
        names.push(name);
        values.push(total);
      }
    }
    this.names = names;
    this.totals = values;
  }

  /** max over counted names of allocated / total, divided by `weight` (Mesos `calculateShare`). */
  share(allocated: ResourceQuantities, weight = 1): number {
    let max = 0;
    const { names, totals } = this;
    for (let i = 0; i < names.length; i++) {
      const ratio = allocated.get(names[i]) / totals[i];
      if (ratio > max) max = ratio;
    }
    return max / weight;
  }
}

/**
 * The weighted dominant share of `allocated` in a cluster of `totals`: the largest fraction of
 * any resource it holds, divided by its weight. Names in `excludedFromShares` do not count.
 */
export function dominantShare(
  allocated: ResourceQuantities,
  totals: ResourceQuantities,
  weight = 1,
  excludedFromShares: readonly string[] = [],
): number {
  return new ShareBasis(totals, excludedFromShares).share(allocated, weight);
}

/** Throws unless `weight` is a positive finite number. */
export function checkWeight(weight: number, client: string): number {
  if (!(weight > 0) || !Number.isFinite(weight)) {
    throw new RangeError(`invalid weight ${weight} for '${client}': must be a positive number`);
  }
  return weight;
}
