import type { MasterInfo, Offer, TaskStatus } from '@strato/domain';
import { getErrorMessage } from '@strato/errors';
import type * as pb from '@strato/proto';
import { masterInfoFromProto, offerFromProto, taskStatusFromProto } from '@strato/wire';

/** An offer the SDK could not read (e.g. malformed resources); the driver declines it. */
export interface UnreadableOffer {
  readonly offerId: string;
  readonly error: string;
}

/** Events from the master as domain values. */
export type SchedulerEvent =
  | {
      readonly type: 'subscribed';
      readonly frameworkId: string;
      readonly streamId: string;
      /** 0 when the master did not say. */
      readonly heartbeatIntervalMs: number;
      readonly masterInfo?: MasterInfo;
    }
  | { readonly type: 'offers'; readonly offers: Offer[]; readonly unreadable: UnreadableOffer[] }
  | { readonly type: 'rescind'; readonly offerId: string }
  | { readonly type: 'update'; readonly status: TaskStatus }
  | { readonly type: 'failure'; readonly agentId: string; readonly executorId?: string; readonly exitStatus?: number }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'heartbeat' }
  | { readonly type: 'unknown' };

function offersFromProto(list: readonly pb.Offer[]): SchedulerEvent {
  const offers: Offer[] = [];
  const unreadable: UnreadableOffer[] = [];
  for (const offer of list) {
    try {
      offers.push(offerFromProto(offer));
    } catch (error) {
      unreadable.push({ offerId: offer.id, error: getErrorMessage(error) });
    }
  }
  return { type: 'offers', offers, unreadable };
}

export function eventFromProto(event: pb.Event): SchedulerEvent {
  const e = event.event;
  switch (e?.$case) {
    case 'subscribed':
      return {
        type: 'subscribed',
        frameworkId: e.value.frameworkId,
        streamId: e.value.streamId,
        heartbeatIntervalMs: Math.max(0, e.value.heartbeatIntervalSeconds * 1000),
        masterInfo: masterInfoFromProto(e.value.masterInfo),
      };
    case 'offers':
      return offersFromProto(e.value.offers);
    case 'rescind':
      return { type: 'rescind', offerId: e.value.offerId };
    case 'update':
      return e.value.status ? { type: 'update', status: taskStatusFromProto(e.value.status) } : { type: 'unknown' };
    case 'failure':
      return { type: 'failure', agentId: e.value.agentId, executorId: e.value.executorId || undefined, exitStatus: e.value.status };
    case 'error':
      return { type: 'error', message: e.value.message || 'the master reported an error' };
    case 'heartbeat':
      return { type: 'heartbeat' };
    default:
      return { type: 'unknown' };
  }
}
