import { formatMilli, ResourceQuantities, Resources, toMilli, UNRESERVED } from '@strato/resources';
import type { PlacementRequest } from './request';
import type { NoOfferMatch, NoOfferMatchReason } from './types';

type ScalarName = 'cpus' | 'mem' | 'disk' | 'gpus';

const SCALARS: readonly (readonly [ScalarName, NoOfferMatchReason])[] = [
  ['cpus', 'InsufficientCpus'],
  ['mem', 'InsufficientMemory'],
  ['disk', 'InsufficientDisk'],
  ['gpus', 'InsufficientGpus'],
];

/** One reason per scalar the usable resources cannot cover: "wanted 2, offered 1.5". */
export function checkScalars(request: PlacementRequest, usable: Resources): NoOfferMatch[] {
  const offered = usable.quantities();
  const out: NoOfferMatch[] = [];
  for (const [name, reason] of SCALARS) {
    const wanted = ResourceQuantities.of({ [name]: request[name] });
    if (wanted.containedInQuantities(offered)) continue;
    out.push({ reason, message: `wanted ${formatMilli(toMilli(request[name]))}, offered ${formatMilli(offered.get(name))}` });
  }
  return out;
}

/** The scalars to launch with, taken role by role in `roles` order. Call only after `checkScalars` passed. */
export function takeScalars(request: PlacementRequest, usable: Resources, roles: readonly string[]): Resources {
  let taken = Resources.EMPTY;
  for (const [name] of SCALARS) taken = taken.add(takeScalar(usable, name, request[name], roles));
  return taken;
}

function takeScalar(usable: Resources, name: string, units: number, roles: readonly string[]): Resources {
  // Amounts are compared as unreserved quantities, then labelled with the role they came from.
  let left = Resources.scalar(name, units);
  let taken = Resources.EMPTY;
  for (const role of roles) {
    if (left.isEmpty()) break;
    const available = usable.filter((r) => r.name === name && r.role === role).withRole(UNRESERVED);
    const part = available.contains(left) ? left : available;
    taken = taken.add(part.withRole(role));
    left = left.subtract(part);
  }
  return taken;
}
