import type { Offer } from '@strato/domain';
import type { Attribute } from '@strato/resources';
import type { ContainerRuntime } from './container';

/**
 * The offer fields placement reads. A domain `Offer` is one. `region`/`zone` are the agent's fault domain, which the
 * domain `Offer` does not carry yet: the adapter that builds offers may add them for `@region`/`@zone` constraints.
 */
export type PlacementOffer = Pick<Offer, 'id' | 'agentId' | 'hostname' | 'resources' | 'attributes' | 'role'> & {
  readonly region?: string;
  readonly zone?: string;
  /** What the agent can run; default `DEFAULT_AGENT_RUNTIMES` (processes only). */
  readonly containerRuntimes?: readonly ContainerRuntime[];
};

/**
 * One of the app's instances that counts for its constraints: running or being launched, of the current config
 * (Marathon ignores instances of older configs so a rolling restart can place a new instance next to an old one).
 */
export interface PlacedInstance {
  readonly instanceId: string;
  readonly agentId: string;
  readonly hostname: string;
  readonly attributes: readonly Attribute[];
  readonly region?: string;
  readonly zone?: string;
}

/**
 * The reasons Marathon gives in `/v2/queue` for not using an offer (the subset Strato produces), plus Strato's own
 * `UnsupportedContainerType`: the agent can't run the app's container (DOCKER, or a MESOS container with an image).
 */
export type NoOfferMatchReason =
  | 'UnsupportedContainerType'
  | 'InsufficientCpus'
  | 'InsufficientMemory'
  | 'InsufficientDisk'
  | 'InsufficientGpus'
  | 'InsufficientPorts'
  | 'UnfulfilledRole'
  | 'UnfulfilledConstraint';

/** One reason an offer was not used, with a message that says exactly what was missing. */
export interface NoOfferMatch {
  readonly reason: NoOfferMatchReason;
  readonly message: string;
}

/**
 * Marathon's reason funnel (`NoOfferMatchReason.reasonFunnel`): an unused offer is counted under the first of its
 * reasons in this order, and `/v2/queue` lists the reasons in this order.
 */
export const REASON_FUNNEL: readonly NoOfferMatchReason[] = [
  'UnsupportedContainerType',
  'UnfulfilledRole',
  'UnfulfilledConstraint',
  'InsufficientCpus',
  'InsufficientMemory',
  'InsufficientDisk',
  'InsufficientGpus',
  'InsufficientPorts',
];

/** The answer of one constraint filter. */
export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: 'UnfulfilledConstraint'; readonly message: string };

export const ACCEPT: Verdict = { ok: true };

export function reject(message: string): Verdict {
  return { ok: false, reason: 'UnfulfilledConstraint', message };
}
