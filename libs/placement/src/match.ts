import { Resources } from '@strato/resources';
import { checkContainer } from './container';
import { unmetConstraints } from './constraints';
import { pickPorts } from './ports';
import type { MatchOptions, MatchResult, PlacementRequest } from './request';
import { acceptedRoles, checkRoles, usableResources } from './roles';
import { checkScalars, takeScalars } from './scalars';
import type { NoOfferMatch, PlacedInstance, PlacementOffer } from './types';

/**
 * Can `offer` host one more instance? The pipeline is container runtime → role → scalars (cpus, mem, disk, gpus) → ports → constraints.
 * Every stage runs even after a failure, so a rejection lists all its reasons (one entry per reason, messages
 * joined) and `/v2/queue` can count them. On success, `resources` is what to launch with.
 */
export function matchOffer(
  request: PlacementRequest,
  offer: PlacementOffer,
  placed: readonly PlacedInstance[],
  options: MatchOptions = {},
): MatchResult {
  const roles = acceptedRoles(request);
  const usable = usableResources(offer, roles);
  const reasons: NoOfferMatch[] = [];
  const container = checkContainer(request, offer);
  if (container !== undefined) reasons.push(container);
  const role = checkRoles(request, offer, roles, usable);
  if (role !== undefined) reasons.push(role);
  const scalars = checkScalars(request, usable);
  reasons.push(...scalars);
  const ports = pickPorts(request, usable, roles, options);
  if (!ports.ok) reasons.push({ reason: 'InsufficientPorts', message: ports.message });
  const unmet = unmetConstraints(offer, placed, request.constraints);
  if (unmet.length > 0) reasons.push({ reason: 'UnfulfilledConstraint', message: unmet.join('; ') });
  if (reasons.length > 0 || !ports.ok) return { ok: false, reasons };
  const resources: Resources = takeScalars(request, usable, roles).add(ports.resources);
  return { ok: true, resources, hostPorts: ports.hostPorts };
}
