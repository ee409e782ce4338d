import type { Clock, IdGen } from '@strato/clock';
import type { TaskInfo } from '@strato/domain';
import type { EventBus } from '../events';
import type { HealthProbe } from '../health';
import type { ReadinessProbe } from '../readiness';
import type { MarathonRepository } from '../state';

/** The calls the core makes on the SDK driver (`SchedulerDriver` fits structurally). */
export interface DriverLike {
  launch(offerIds: string | readonly string[], tasks: readonly TaskInfo[], filters?: { readonly refuseMs?: number }): Promise<void>;
  decline(offerIds: string | readonly string[], filters?: { readonly refuseMs?: number }): Promise<void>;
  kill(taskId: string, agentId?: string, gracePeriodMs?: number): Promise<void>;
  reconcile(tasks?: readonly { readonly taskId: string; readonly agentId?: string }[]): Promise<void>;
  suppress(roles?: readonly string[]): Promise<void>;
  revive(roles?: readonly string[]): Promise<void>;
}

/** pino-style, the subset the core uses. */
export interface CoreLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface CoreConfig {
  /** `--mesos_role`: the role apps without `role` run under. */
  readonly mesosRole: string;
  /** `--decline_offer_duration` in ms. */
  readonly declineOfferDurationMs: number;
  /** `--max_running_deployments`: more are refused with 403. */
  readonly maxRunningDeployments: number;
  /** `--max_instances_per_offer` (default 100). */
  readonly maxInstancesPerOffer?: number;
  /** `--kill_chunk_size` (default 100): kills in flight at most; more wait until earlier tasks end. */
  readonly killChunkSize?: number;
  /** `--kill_retry_timeout` in ms (default 30 s): a kill is sent again until the task has ended. */
  readonly killRetryTimeoutMs?: number;
  /** `--task_launch_timeout` in ms (default 5 min): from staging to TASK_RUNNING, else killed and replaced. */
  readonly taskLaunchTimeoutMs?: number;
  /** `--min_revive_offers_interval` in ms (default 5 s): least time between two revives. */
  readonly minReviveOffersIntervalMs?: number;
  /** `--scale_apps_interval` in ms (default 5 min); 0 disables the periodic scale check. */
  readonly scaleAppsIntervalMs?: number;
  /**
   * Least time between two deployment ticks (default 0: one after every change). Every status update asks
   * for a tick, and a tick looks at every instance of the deploying apps, so bursts need a bound.
   */
  readonly tickSpacingMs?: number;
}

export interface CoreDeps {
  readonly repository: MarathonRepository;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly ids: IdGen;
  /** The driver once it exists (FrameworkLink creates it after the callbacks). */
  readonly driverRef: () => DriverLike | undefined;
  readonly config: CoreConfig;
  readonly logger: CoreLogger;
  /** Probe for Marathon-run HTTP/HTTPS/TCP health checks (default: real sockets); tests inject a fake. */
  readonly healthProbe?: HealthProbe;
  /** GET for readiness checks (default: real sockets); tests inject a fake. */
  readonly readinessProbe?: ReadinessProbe;
  /**
   * Whether this process may act on the cluster now (default: always, standalone). In HA it is the
   * leadership's lease: false while disconnected from ZooKeeper or frozen, so a leader that may have
   * been replaced launches, kills and deploys nothing until it is sure again (or exits).
   */
  readonly canAct?: () => boolean;
}

export const TASK_SUFFIX = '._app';
