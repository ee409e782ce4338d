import type { Clock } from '@strato/clock';
import type { FrameworkCapability, Label, MasterInfo, Offer, TaskInfo, TaskStatus } from '@strato/domain';

/**
 * Where the leading master is: a fixed `host:port` of its gRPC endpoint; `zk://host:port[,…]/path`,
 * the masters' `--zk` URL, to follow the elected master in ZooKeeper; or a leader detector function
 * that is asked again before every (re)subscription.
 */
export type MasterSource = string | (() => Promise<string>);

/** The framework's identity, as sent in SUBSCRIBE. Only `name` is required. */
export interface FrameworkOptions {
  readonly name: string;
  /** Unix user tasks run as; default: the user running this process. */
  readonly user?: string;
  /** Default `['*']`. */
  readonly roles?: readonly string[];
  /** How long the master keeps this framework's tasks while it is disconnected; default 0 (Mesos). */
  readonly failoverTimeoutMs?: number;
  readonly checkpoint?: boolean;
  readonly capabilities?: readonly FrameworkCapability[];
  /** Re-attach to this framework id (failover) instead of registering a new framework. */
  readonly id?: string;
  readonly hostname?: string;
  readonly principal?: string;
  readonly webuiUrl?: string;
  readonly labels?: readonly Label[];
}

/** Offer filters. Like every duration in this SDK, in ms; omitted means the master's default (5 s). */
export interface Filters {
  /** Don't offer the declined resources again for this long (Mesos `refuse_seconds`). */
  readonly refuseMs?: number;
}

/** An offer operation. Only LAUNCH exists today; RESERVE, CREATE... will join this union. */
export type OfferOperation = { readonly type: 'launch'; readonly tasks: readonly TaskInfo[] };

export interface ReconcileTask {
  readonly taskId: string;
  readonly agentId?: string;
}

/** What an acknowledgement needs; a `TaskStatus` qualifies, so does a persisted copy of its ids. */
export type Acknowledgeable = Pick<TaskStatus, 'taskId' | 'agentId' | 'uuid'>;

export interface SubscribedDetails {
  /** False for the driver's first subscription, true for every re-subscription after a disconnect. */
  readonly reconnected: boolean;
  readonly heartbeatIntervalMs: number;
}

export interface FailureDetails {
  readonly executorId?: string;
  /** The executor's exit status, when an executor (not a whole agent) failed. */
  readonly exitStatus?: number;
}

/**
 * Callbacks, all optional. They run one at a time, in the order the master sent the events; a
 * handler returning a promise holds back the next one until it settles.
 */
export interface SchedulerHandlers {
  subscribed?(frameworkId: string, master: MasterInfo, details: SubscribedDetails): unknown;
  offers?(offers: Offer[]): unknown;
  rescinded?(offerId: string): unknown;
  /** With auto-acknowledgement on, the update is acknowledged after this settles, unless it throws. */
  update?(status: TaskStatus): unknown;
  /**
   * Instead of `update`: status updates that arrive back to back, while earlier handlers still run,
   * are delivered together (at most 1,000, in arrival order, never across another event), so a
   * burst can be persisted with one write. Each is acknowledged after this settles, unless it throws.
   */
  updateBatch?(statuses: readonly TaskStatus[]): unknown;
  failure?(agentId: string, details: FailureDetails): unknown;
  /** The master refused or dropped the framework; the driver has stopped. */
  error?(message: string): unknown;
  /** The subscription was lost; the driver is re-subscribing on its own. */
  disconnected?(reason: string): unknown;
}

/** Structured logging as pino does it: `logger.info({ key: value }, 'message')`. */
export interface DriverLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ReconnectOptions {
  /** First delay before re-subscribing, in ms (default 500). */
  readonly initialMs?: number;
  /** Cap on the delay, in ms (default 15 000, as the Mesos docs recommend). */
  readonly maxMs?: number;
  /** Growth per failed attempt (default 2). */
  readonly factor?: number;
  /** Random source in [0, 1) for jitter (default Math.random). */
  readonly random?: () => number;
}

export interface SchedulerDriverOptions {
  readonly master: MasterSource;
  readonly framework: FrameworkOptions;
  readonly handlers?: SchedulerHandlers;
  readonly clock?: Clock;
  readonly logger?: DriverLogger;
  /** Acknowledge updates that carry a uuid once the update handler has run (default true). */
  readonly autoAcknowledge?: boolean;
  readonly reconnect?: ReconnectOptions;
  /** Re-subscribe after this many heartbeat intervals without any event (default 5, i.e. ≈75 s). */
  readonly heartbeatMisses?: number;
  /**
   * Deadline for every call, in ms (default 30 000): waiting for a subscription while
   * disconnected plus the master's answer. Past it the call rejects with UNAVAILABLE.
   */
  readonly callTimeoutMs?: number;
  /** ZooKeeper session timeout when `master` is a `zk://` URL, in ms (default 10 000, as Mesos). */
  readonly zkSessionTimeoutMs?: number;
}

/** `idle` before start(), `subscribing` while (re)connecting, `subscribed`, then `stopped` for good. */
export type DriverState = 'idle' | 'subscribing' | 'subscribed' | 'stopped';
