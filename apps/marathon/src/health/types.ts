import { HealthCheck } from '@strato/app-definition';

/** Protocols Marathon probes itself; the others run on the agent and arrive as `healthy` in status updates. */
export type MarathonProtocol = 'HTTP' | 'HTTPS' | 'TCP';

export function isMarathonRun(check: Pick<HealthCheck, 'protocol'>): boolean {
  return check.protocol === 'HTTP' || check.protocol === 'HTTPS' || check.protocol === 'TCP';
}

/** One probe outcome. `ignored` (an HTTP 1xx with `ignoreHttp1xx`) leaves the health unchanged. */
export interface ProbeResult {
  readonly ok: boolean;
  readonly cause?: string;
  readonly ignored?: boolean;
}

/** The instance a health check is about; `startedAt` is when it became RUNNING (ISO string or epoch ms). */
export interface HealthInstance {
  readonly instanceId: string;
  readonly taskId: string;
  readonly appId: string;
  readonly version: string;
  readonly host: string;
  readonly ports: readonly number[];
  readonly startedAt: string | number;
  readonly agentId?: string;
}

/** Marathon's `healthCheckResults[]` element (task JSON). Times are ISO-8601 strings or null. */
export interface HealthCheckResultJson {
  instanceId: string;
  alive: boolean;
  consecutiveFailures: number;
  firstSuccess: string | null;
  lastSuccess: string | null;
  lastFailure: string | null;
  lastFailureCause: string | null;
}

export interface HealthStatusChangedEvent {
  eventType: 'health_status_changed_event';
  timestamp: string;
  appId: string;
  instanceId: string;
  taskId: string;
  version: string;
  alive: boolean;
}

export interface FailedHealthCheckEvent {
  eventType: 'failed_health_check_event';
  timestamp: string;
  appId: string;
  instanceId: string;
  /** Older Marathon versions named the instance by its task. */
  taskId: string;
  healthCheck: HealthCheck;
}

export interface UnhealthyInstanceKillEvent {
  eventType: 'unhealthy_instance_kill_event';
  timestamp: string;
  appId: string;
  taskId: string;
  instanceId: string;
  version: string;
  reason: string;
  host: string;
  slaveId?: string;
}

export type HealthEvent = HealthStatusChangedEvent | FailedHealthCheckEvent | UnhealthyInstanceKillEvent;
