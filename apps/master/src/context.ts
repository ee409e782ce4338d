import { Clock, IdGen } from '@strato/clock';
import { MasterInfo } from '@strato/domain';
import { Logger, Metrics } from '@strato/service';
import { MasterConfig } from './flags';
import { LeaderGate } from './leader-gate';
import { Registry } from './registry';
import { MasterState } from './state';

/** What the master's parts share; built once in `master.ts`. */
export interface MasterContext {
  readonly config: MasterConfig;
  readonly clock: Clock;
  readonly ids: IdGen;
  readonly random: () => number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Loaded at start (standalone) or once elected (HA); empty and unwritable before. */
  readonly registry: Registry;
  readonly state: MasterState;
  readonly masterInfo: MasterInfo;
  readonly startTime: number;
  /** Asked before acting (timers, registrations, scheduler calls): in HA only the leader with a lease acts. */
  readonly gate: LeaderGate;
}

export const nowSeconds = (clock: Clock) => clock.now() / 1000;
