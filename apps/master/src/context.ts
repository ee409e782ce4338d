import { Clock, IdGen } from '@strato/clock';
import { MasterInfo } from '@strato/domain';
import { Logger, Metrics } from '@strato/service';
import { MasterConfig } from './flags';
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
  readonly registry: Registry;
  readonly state: MasterState;
  readonly masterInfo: MasterInfo;
  readonly startTime: number;
}

export const nowSeconds = (clock: Clock) => clock.now() / 1000;
