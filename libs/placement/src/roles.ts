import { compareRoles, UNRESERVED } from '@strato/resources';
import type { Resources } from '@strato/resources';
import type { PlacementRequest } from './request';
import type { NoOfferMatch, PlacementOffer } from './types';

/**
 * The reservation roles the request may use, in the order resources are taken: roles reserved to the app first, so
 * its reservations are used before the shared unreserved pool, then `*`.
 */
export function acceptedRoles(request: Pick<PlacementRequest, 'acceptedResourceRoles' | 'role'>): string[] {
  const roles = new Set(request.acceptedResourceRoles ?? [UNRESERVED, request.role]);
  return [...roles].sort((a, b) => (a === UNRESERVED ? 1 : b === UNRESERVED ? -1 : compareRoles(a, b)));
}

/** The offer's resources whose reservation role the request accepts. */
export function usableResources(offer: PlacementOffer, roles: readonly string[]): Resources {
  return offer.resources.filter((r) => roles.includes(r.role));
}

/**
 * UnfulfilledRole when the offer is allocated to another role than the app's, or when none of its resources has an
 * accepted role (Marathon: no resource passes the ResourceSelector).
 */
export function checkRoles(
  request: PlacementRequest,
  offer: PlacementOffer,
  roles: readonly string[],
  usable: Resources,
): NoOfferMatch | undefined {
  const problems: string[] = [];
  if (offer.role !== request.role) {
    problems.push(`offer is allocated to role '${offer.role}', app role is '${request.role}'`);
  }
  if (usable.isEmpty()) {
    const offered = [...new Set(offer.resources.toList().map((r) => r.role))];
    const has = offered.length === 0 ? 'it has no resources' : `it has roles ${offered.join(', ')}`;
    problems.push(`offer has no resources for accepted roles ${roles.join(', ')}; ${has}`);
  }
  return problems.length === 0 ? undefined : { reason: 'UnfulfilledRole', message: problems.join('; ') };
}
