import type { Offer, TaskInfo } from '@strato/domain';
import type { Filters } from '@strato/framework-sdk';
import type { JobDefinition } from '@strato/job-definition';
import type { Run } from './types';

/** The part of the scheduler driver Chronos uses (a fake in unit tests). */
export interface ChronosDriver {
  launch(offerIds: string | readonly string[], tasks: readonly TaskInfo[], filters?: Filters): Promise<void>;
  decline(offerIds: string | readonly string[], filters?: Filters): Promise<void>;
  kill(taskId: string, agentId?: string): Promise<void>;
  reconcile(tasks?: readonly { readonly taskId: string; readonly agentId?: string }[]): Promise<void>;
  suppress(roles?: readonly string[]): Promise<void>;
  revive(roles?: readonly string[]): Promise<void>;
}

export type NotificationKind = 'failed' | 'disabled' | 'deleted';

/** Tells a job's owners (and the global webhook) that it failed, was disabled or deleted. */
export interface Notifier {
  notify(kind: NotificationKind, job: JobDefinition, run?: Run, message?: string): void;
}

export type { Offer };
