import type { PlacementRequest } from './request';
import type { NoOfferMatch, PlacementOffer } from './types';

/**
 * What an instance needs from the agent to run: a plain `process` (the Mesos containerizer without an image), a
 * `docker` container (Docker containerizer), or an `image` (a MESOS container with `docker.image`/`appc`, which
 * needs the Mesos containerizer's image support).
 */
export type ContainerRuntime = 'process' | 'docker' | 'image';

/** What an agent runs when its offer does not say: processes only (Strato agents have no Docker or image support). */
export const DEFAULT_AGENT_RUNTIMES: readonly ContainerRuntime[] = ['process'];

const DESCRIPTION: Record<ContainerRuntime, string> = {
  process: 'a process',
  docker: 'a DOCKER container',
  image: 'a MESOS container with an image',
};

/**
 * UnsupportedContainerType when the offer's agent can't run what the request needs. Such an instance stays in the
 * launch queue (rejected on every offer) until an agent that can run it offers resources.
 */
export function checkContainer(request: PlacementRequest, offer: PlacementOffer): NoOfferMatch | undefined {
  const needed = request.container ?? 'process';
  const offered = offer.containerRuntimes ?? DEFAULT_AGENT_RUNTIMES;
  if (offered.includes(needed)) return undefined;
  const runs = offered.map((r) => DESCRIPTION[r]).join(', ') || 'nothing';
  return { reason: 'UnsupportedContainerType', message: `needs ${DESCRIPTION[needed]}; agent ${offer.hostname} runs ${runs}` };
}
