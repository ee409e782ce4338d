import type { Attribute, Resources } from '@strato/resources';
import type { TaskState, TaskStatusReason, TaskStatusSource } from './task-state';

export interface Label {
  readonly key: string;
  readonly value: string;
}

export interface CommandUri {
  readonly value: string;
  readonly executable: boolean;
  readonly extract: boolean;
  readonly cache: boolean;
  readonly outputFile?: string;
}

export interface CommandInfo {
  /** With `shell` (the default) a shell command line; otherwise the program to execute. */
  readonly value: string;
  readonly shell: boolean;
  /** argv when `shell` is false, argv[0] included (as Mesos); empty means `[value]`. */
  readonly arguments: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly uris: readonly CommandUri[];
  readonly user?: string;
}

export type HealthCheckType = 'COMMAND' | 'HTTP' | 'TCP';

export interface HealthCheck {
  readonly type: HealthCheckType;
  readonly delaySeconds: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly consecutiveFailures: number;
  readonly gracePeriodSeconds: number;
  readonly command?: CommandInfo;
  readonly http?: { readonly scheme: string; readonly port: number; readonly path: string; readonly statuses: readonly number[] };
  readonly tcp?: { readonly port: number };
}

export interface DockerPortMapping {
  readonly hostPort: number;
  readonly containerPort: number;
  readonly protocol: string;
}

export interface ContainerInfo {
  readonly type: 'MESOS' | 'DOCKER';
  readonly docker?: {
    readonly image: string;
    readonly network: string;
    readonly portMappings: readonly DockerPortMapping[];
    readonly privileged: boolean;
    readonly parameters: readonly Label[];
    readonly forcePullImage: boolean;
  };
  readonly volumes: readonly { readonly containerPath: string; readonly hostPath: string; readonly mode: string }[];
  readonly hostname?: string;
}

export interface TaskInfo {
  readonly taskId: string;
  readonly name: string;
  readonly agentId: string;
  readonly resources: Resources;
  readonly command?: CommandInfo;
  readonly container?: ContainerInfo;
  readonly healthCheck?: HealthCheck;
  /** Grace period between SIGTERM and SIGKILL, in ms. */
  readonly killGracePeriodMs?: number;
  readonly labels: readonly Label[];
  readonly data?: Buffer;
  readonly maxCompletionTimeMs?: number;
}

export interface TaskStatus {
  readonly taskId: string;
  readonly state: TaskState;
  readonly message: string;
  readonly source: TaskStatusSource;
  readonly reason: TaskStatusReason;
  readonly agentId: string;
  /** Seconds since the epoch, as Mesos. */
  readonly timestamp: number;
  /** Present on reliable updates, which the framework acknowledges. */
  readonly uuid?: string;
  readonly healthy?: boolean;
  readonly exitCode?: number;
  readonly unreachableTime?: number;
  readonly labels: readonly Label[];
  readonly data?: Buffer;
}

export type FrameworkCapability =
  | 'REVOCABLE_RESOURCES'
  | 'TASK_KILLING_STATE'
  | 'GPU_RESOURCES'
  | 'SHARED_RESOURCES'
  | 'PARTITION_AWARE'
  | 'MULTI_ROLE'
  | 'RESERVATION_REFINEMENT'
  | 'REGION_AWARE';

export interface FrameworkInfo {
  readonly id?: string;
  readonly name: string;
  readonly user: string;
  readonly roles: readonly string[];
  /** How long the master keeps a disconnected framework's tasks, in ms (Mesos default 0). */
  readonly failoverTimeoutMs: number;
  readonly checkpoint: boolean;
  readonly hostname?: string;
  readonly principal?: string;
  readonly webuiUrl?: string;
  readonly capabilities: readonly FrameworkCapability[];
  readonly labels: readonly Label[];
}

export interface Offer {
  readonly id: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly hostname: string;
  readonly resources: Resources;
  readonly attributes: readonly Attribute[];
  /** The role all of this offer's resources are allocated to. */
  readonly role: string;
  readonly url?: string;
}

export interface AgentInfo {
  readonly id?: string;
  readonly hostname: string;
  readonly port: number;
  readonly resources: Resources;
  readonly attributes: readonly Attribute[];
  readonly version: string;
}

export interface MasterInfo {
  readonly id: string;
  readonly hostname: string;
  readonly ip: string;
  readonly port: number;
  readonly grpcPort: number;
  readonly version: string;
  readonly pid: string;
}
