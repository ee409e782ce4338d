import { Attribute, ResourceQuantities, Resources } from '@strato/resources';
import { FrameworkInfo, TaskInfo, TaskState, TaskStatus } from '@strato/domain';
import { TimerHandle } from '@strato/clock';
import * as pb from '@strato/proto';

/** The master's live connection to an agent (one gRPC stream). */
export interface AgentLinkSession {
  send(message: pb.MasterMessage): void;
  close(): void;
}

/** The master's live subscription of a framework (one gRPC server stream). */
export interface FrameworkStream {
  readonly streamId: string;
  send(event: pb.Event): void;
  close(): void;
}

export type AgentState = 'active' | 'disconnected' | 'unreachable' | 'recovered';

export interface AgentRecord {
  readonly id: string;
  hostname: string;
  port: number;
  version: string;
  attributes: readonly Attribute[];
  total: Resources;
  /** Neither used by tasks nor offered: what the allocator may offer. */
  available: Resources;
  state: AgentState;
  link?: AgentLinkSession;
  registeredTime: number;
  reregisteredTime?: number;
  unreachableTime?: number;
  lastPong: number;
  pingSequence: number;
  missedPings: number;
  pingTimer?: TimerHandle;
  readonly taskKeys: Set<string>;
  readonly offerIds: Set<string>;
}

export type FrameworkState = 'active' | 'disconnected' | 'inactive';

export interface FrameworkRecord {
  readonly id: string;
  info: FrameworkInfo;
  state: FrameworkState;
  stream?: FrameworkStream;
  suppressedRoles: Set<string>;
  /** Used and offered quantities per role, for DRF. */
  allocated: Map<string, ResourceQuantities>;
  registeredTime: number;
  reregisteredTime?: number;
  unregisteredTime?: number;
  failoverTimer?: TimerHandle;
  heartbeatTimer?: TimerHandle;
  readonly taskKeys: Set<string>;
  readonly offerIds: Set<string>;
  readonly completedTasks: TaskRecord[];
}

export interface TaskRecord {
  readonly key: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  readonly info: TaskInfo;
  state: TaskState;
  readonly statuses: TaskStatus[];
  /** Whether its resources were already returned (on the first terminal update). */
  released: boolean;
  /** Not charged to its framework while its agent is unreachable (Mesos drops that agent's allocation). */
  suspended: boolean;
}

export interface OfferRecord {
  readonly id: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  readonly resources: Resources;
  readonly createdAt: number;
  timer?: TimerHandle;
}

export const taskKey = (frameworkId: string, taskId: string) => `${frameworkId}/${taskId}`;

export const isPartitionAware = (f: FrameworkRecord) => f.info.capabilities.includes('PARTITION_AWARE');
