import { userInfo } from 'node:os';
import type { FrameworkInfo } from '@strato/domain';
import { invalidArgument } from '@strato/errors';
import * as pb from '@strato/proto';
import { isValidRole } from '@strato/resources';
import { frameworkInfoToProto, taskInfoToProto } from '@strato/wire';
import type { Acknowledgeable, Filters, FrameworkOptions, OfferOperation, ReconcileTask } from './types';

/** The body of a non-SUBSCRIBE call; the driver adds the framework and stream ids. */
export type CallBody = NonNullable<pb.Call['call']>;

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (e.g. an arbitrary uid in a container).
    return process.env.USER ?? 'root';
  }
}

/** Fills defaults and validates; throws INVALID_ARGUMENT for what the master would refuse anyway. */
export function frameworkInfoFrom(options: FrameworkOptions): FrameworkInfo {
  const roles = options.roles?.length ? [...options.roles] : ['*'];
  if (!options.name?.trim()) throw invalidArgument('framework name must not be empty');
  const badRole = roles.find((role) => !isValidRole(role));
  if (badRole !== undefined) throw invalidArgument(`invalid framework role '${badRole}'`);
  const failoverTimeoutMs = options.failoverTimeoutMs ?? 0;
  if (!Number.isFinite(failoverTimeoutMs) || failoverTimeoutMs < 0) {
    throw invalidArgument(`failover timeout must be a non-negative number of ms, got ${failoverTimeoutMs}`);
  }
  return {
    id: options.id || undefined,
    name: options.name,
    user: options.user || currentUser(),
    roles,
    failoverTimeoutMs,
    checkpoint: options.checkpoint ?? false,
    hostname: options.hostname,
    principal: options.principal,
    webuiUrl: options.webuiUrl,
    capabilities: [...(options.capabilities ?? [])],
    labels: [...(options.labels ?? [])],
  };
}

export function subscribeRequest(info: FrameworkInfo, frameworkId: string | undefined, suppressedRoles: readonly string[]): pb.Call_Subscribe {
  return { frameworkInfo: frameworkInfoToProto({ ...info, id: frameworkId }), suppressedRoles: [...suppressedRoles] };
}

const filtersToProto = (filters: Filters | undefined): pb.Filters | undefined =>
  filters?.refuseMs === undefined ? undefined : { refuseSeconds: filters.refuseMs / 1000 };

function operationToProto(operation: OfferOperation): pb.Operation {
  switch (operation.type) {
    case 'launch':
      return { operation: { $case: 'launch', value: { taskInfos: operation.tasks.map(taskInfoToProto) } } };
  }
}

export function acceptCall(offerIds: readonly string[], operations: readonly OfferOperation[], filters?: Filters): CallBody {
  if (offerIds.length === 0) throw invalidArgument('accept needs at least one offer id');
  return {
    $case: 'accept',
    value: { offerIds: [...offerIds], operations: operations.map(operationToProto), filters: filtersToProto(filters) },
  };
}

export function declineCall(offerIds: readonly string[], filters?: Filters): CallBody {
  return { $case: 'decline', value: { offerIds: [...offerIds], filters: filtersToProto(filters) } };
}

export function killCall(taskId: string, agentId?: string, gracePeriodMs?: number): CallBody {
  if (!taskId) throw invalidArgument('kill needs a task id');
  const killPolicy = gracePeriodMs === undefined ? undefined : { gracePeriodSeconds: gracePeriodMs / 1000 };
  return { $case: 'kill', value: { taskId, agentId: agentId ?? '', killPolicy } };
}

function acknowledgement(status: Acknowledgeable): pb.Call_Acknowledge {
  if (!status.uuid) throw invalidArgument(`update for task '${status.taskId}' has no uuid: nothing to acknowledge`);
  return { taskId: status.taskId, agentId: status.agentId, uuid: status.uuid };
}

export function acknowledgeCall(status: Acknowledgeable): CallBody {
  return { $case: 'acknowledge', value: acknowledgement(status) };
}

/** Several acknowledgements in one call (Strato's ACKNOWLEDGE_MANY); `statuses` must all have a uuid. */
export function acknowledgeManyCall(statuses: readonly Acknowledgeable[]): CallBody {
  return { $case: 'acknowledgeMany', value: { acknowledgements: statuses.map(acknowledgement) } };
}

export function reconcileCall(tasks: readonly ReconcileTask[] = []): CallBody {
  return { $case: 'reconcile', value: { tasks: tasks.map((t) => ({ taskId: t.taskId, agentId: t.agentId ?? '' })) } };
}

export const reviveCall = (roles: readonly string[] = []): CallBody => ({ $case: 'revive', value: { roles: [...roles] } });
export const suppressCall = (roles: readonly string[] = []): CallBody => ({ $case: 'suppress', value: { roles: [...roles] } });
export const teardownCall = (): CallBody => ({ $case: 'teardown', value: {} });
