/**
 * Marathon's event vocabulary (`core/event/Events.scala`, `docs/docs/event-bus.md`), with Marathon's
 * field names so SSE clients written for Marathon (marathon-lb, dashboards) parse them unchanged.
 */

export type TaskState =
  | 'TASK_STAGING' | 'TASK_STARTING' | 'TASK_RUNNING' | 'TASK_FINISHED' | 'TASK_FAILED' | 'TASK_KILLING'
  | 'TASK_KILLED' | 'TASK_ERROR' | 'TASK_UNREACHABLE' | 'TASK_GONE' | 'TASK_DROPPED' | 'TASK_UNKNOWN';

export type InstanceCondition =
  | 'Error' | 'Failed' | 'Finished' | 'Killed' | 'Killing' | 'Running' | 'Staging' | 'Starting'
  | 'Unreachable' | 'UnreachableInactive' | 'Gone' | 'Dropped' | 'Unknown';

export interface DeploymentActionView {
  readonly action: string;
  readonly app?: string;
  readonly pod?: string;
}

export interface DeploymentStepView {
  readonly actions: readonly DeploymentActionView[];
}

/** The plan as Marathon serialises it in deployment events; `original`/`target` are root groups. */
export interface DeploymentPlanView {
  readonly id: string;
  readonly version: string;
  readonly steps: readonly DeploymentStepView[];
  readonly original?: unknown;
  readonly target?: unknown;
}

export interface IpAddressView {
  readonly ipAddress: string;
  readonly protocol: 'IPv4' | 'IPv6';
}

type Ev<T extends string, F = object> = { readonly eventType: T } & Readonly<F>;

/** An event as published: everything but `timestamp`, which the bus stamps. */
export type UnstampedEvent =
  | Ev<'api_post_event', { clientIp: string; uri: string; appDefinition: unknown }>
  | Ev<'deployment_info', { plan: DeploymentPlanView; currentStep: DeploymentStepView }>
  | Ev<'deployment_success', { id: string; plan: DeploymentPlanView }>
  | Ev<'deployment_failed', { id: string; plan: DeploymentPlanView; reason?: string }>
  | Ev<'deployment_step_success', { plan: DeploymentPlanView; currentStep: DeploymentStepView }>
  | Ev<'deployment_step_failure', { plan: DeploymentPlanView; currentStep: DeploymentStepView }>
  | Ev<'status_update_event', {
      slaveId: string; taskId: string; taskStatus: TaskState; message: string; appId: string; host: string;
      ipAddresses: readonly IpAddressView[]; ports: readonly number[]; version: string;
    }>
  | Ev<'instance_changed_event', {
      instanceId: string; condition: InstanceCondition; runSpecId: string; agentId: string; host: string; runSpecVersion: string;
    }>
  | Ev<'health_status_changed_event', { appId: string; instanceId: string; version: string; alive: boolean }>
  | Ev<'failed_health_check_event', { appId: string; instanceId: string; healthCheck: unknown }>
  | Ev<'unhealthy_instance_kill_event', {
      appId: string; taskId: string; instanceId: string; version: string; reason: string; host: string; slaveId: string;
    }>
  | Ev<'app_terminated_event', { appId: string }>
  | Ev<'group_change_success', { groupId: string; version: string }>
  | Ev<'group_change_failed', { groupId: string; version: string; reason: string }>
  | Ev<'event_stream_attached', { remoteAddress: string }>
  | Ev<'event_stream_detached', { remoteAddress: string }>
  | Ev<'scheduler_registered_event', { frameworkId: string; master: string }>
  | Ev<'scheduler_reregistered_event', { master: string }>
  | Ev<'scheduler_disconnected_event'>;

export type EventType = UnstampedEvent['eventType'];

/** An event as delivered: stamped with an ISO-8601 `timestamp`. */
export type MarathonEvent = UnstampedEvent & { readonly timestamp: string };

export const EVENT_TYPES: readonly EventType[] = [
  'api_post_event', 'deployment_info', 'deployment_success', 'deployment_failed', 'deployment_step_success',
  'deployment_step_failure', 'status_update_event', 'instance_changed_event', 'health_status_changed_event',
  'failed_health_check_event', 'unhealthy_instance_kill_event', 'app_terminated_event', 'group_change_success',
  'group_change_failed', 'event_stream_attached', 'event_stream_detached', 'scheduler_registered_event',
  'scheduler_reregistered_event', 'scheduler_disconnected_event',
];

/** Stamps `timestamp`, keeping Marathon's field order (`eventType`, `timestamp` last, as in `events.txt`). */
export function stamp(event: UnstampedEvent, nowMs: number): MarathonEvent {
  const { eventType, ...fields } = event;
  return { ...fields, eventType, timestamp: new Date(nowMs).toISOString() } as MarathonEvent;
}
