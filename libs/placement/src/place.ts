import { matchOffer } from './match';
import type { MatchOptions, PlacementRequest } from './request';
import type { NoOfferMatch, PlacedInstance, PlacementOffer } from './types';
import type { Resources } from '@strato/resources';

export interface PlaceOptions extends MatchOptions {
  /** Ids of the instances being placed, in order (used in constraint messages); default `new-1`, `new-2`, ... */
  readonly instanceIds?: readonly string[];
}

export interface Placement {
  readonly resources: Resources;
  readonly hostPorts: readonly number[];
}

export interface PlacementBatch {
  readonly placements: readonly Placement[];
  /** The offer's resources left after the placements. */
  readonly remaining: Resources;
  /** Why the next instance did not fit, when fewer than `count` were placed. */
  readonly rejection?: readonly NoOfferMatch[];
}

/**
 * Places up to `count` instances on one offer. Each instance is matched against what the previous ones left, and
 * sees them as placed (so `UNIQUE hostname` lets only one onto the offer). Stops at the first instance that does not
 * fit and says why.
 */
export function placeInstances(
  request: PlacementRequest,
  offer: PlacementOffer,
  placed: readonly PlacedInstance[],
  count: number,
  options: PlaceOptions = {},
): PlacementBatch {
  const placements: Placement[] = [];
  let remaining = offer.resources;
  let all = placed;
  while (placements.length < count) {
    const result = matchOffer(request, { ...offer, resources: remaining }, all, options);
    if (!result.ok) return { placements, remaining, rejection: result.reasons };
    placements.push({ resources: result.resources, hostPorts: result.hostPorts });
    remaining = remaining.subtract(result.resources);
    all = [...all, newInstance(offer, options.instanceIds?.[placements.length - 1] ?? `new-${placements.length}`)];
  }
  return { placements, remaining };
}

function newInstance(offer: PlacementOffer, instanceId: string): PlacedInstance {
  const { agentId, hostname, attributes, region, zone } = offer;
  return { instanceId, agentId, hostname, attributes, region, zone };
}
