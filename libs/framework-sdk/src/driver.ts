import { Backoff, Clock, systemClock } from '@strato/clock';
import type { FrameworkInfo, MasterInfo, Offer, TaskInfo, TaskStatus } from '@strato/domain';
import { getErrorMessage, invalidArgument, isStratoError } from '@strato/errors';
import * as calls from './calls';
import { errorFromGrpc, grpcConnection } from './connection';
import type { UnreadableOffer } from './events';
import { HandlerQueue } from './handler-queue';
import { isZkUrl, masterTarget } from './master-address';
import { Session, SessionListener, StreamEvent } from './session';
import type {
  Acknowledgeable,
  DriverLogger,
  DriverState,
  Filters,
  OfferOperation,
  ReconcileTask,
  SchedulerDriverOptions,
  SchedulerHandlers,
} from './types';
import { ZkMasterDetector } from './zk-master-detector';

const SILENT: DriverLogger = { debug() {}, info() {}, warn() {}, error() {} };
const DEFAULT_CALL_TIMEOUT_MS = 30_000;
const MAX_UPDATE_BATCH = 1_000;

const asList = (ids: string | readonly string[]): string[] => (typeof ids === 'string' ? [ids] : [...ids]);

/**
 * A framework's only way to talk to the master (Mesos scheduler API v1 over gRPC). It keeps a
 * subscription alive across master restarts and leader changes, re-subscribing with the same
 * framework id, delivers events to typed handlers one at a time, acknowledges updates, and turns
 * domain values into calls.
 *
 * With `master: 'zk://…/path'` it follows the elected master in ZooKeeper (the `json.info_` nodes
 * the masters publish under their `--zk` path): it waits while none leads, and re-subscribes to a
 * new leader as soon as ZooKeeper names it (without backoff).
 *
 * Calls made while disconnected wait for the next subscription, up to `callTimeoutMs`, then
 * reject with a `StratoError` (UNAVAILABLE); on a stopped driver they reject at once
 * (FAILED_PRECONDITION). A call refused for a stale stream (PERMISSION_DENIED) triggers a
 * re-subscription and is sent once more on the new stream.
 */
export class SchedulerDriver {
  private readonly framework: FrameworkInfo;
  private readonly handlers: SchedulerHandlers;
  private readonly clock: Clock;
  private readonly logger: DriverLogger;
  private readonly autoAcknowledge: boolean;
  private readonly callTimeoutMs: number;
  private readonly queue: HandlerQueue;
  /** The `updateBatch` batch queued last and not started yet, which later updates may still join. */
  private openBatch?: TaskStatus[];
  private readonly session: Session;
  private readonly suppressed = new Set<string>();
  /** Follows the leading master when `master` is a `zk://` URL. */
  private readonly detector?: ZkMasterDetector;

  constructor(options: SchedulerDriverOptions) {
    this.framework = calls.frameworkInfoFrom(options.framework);
    this.handlers = options.handlers ?? {};
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? SILENT;
    let master = options.master;
    if (typeof master === 'string' && isZkUrl(master)) {
      const detector = new ZkMasterDetector(
        { url: master, sessionTimeoutMs: options.zkSessionTimeoutMs, clock: this.clock, logger: this.logger },
        (target) => this.session.leaderMoved(target),
      );
      this.detector = detector;
      master = () => detector.next();
    } else if (typeof master === 'string') {
      masterTarget(master);
    }
    this.autoAcknowledge = options.autoAcknowledge ?? true;
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    const heartbeatMisses = options.heartbeatMisses ?? 5;
    if (!(heartbeatMisses > 0)) throw invalidArgument('heartbeatMisses must be positive');
    this.queue = new HandlerQueue(this.logger);
    const r = options.reconnect ?? {};
    this.session = new Session(
      {
        master,
        connect: grpcConnection,
        clock: this.clock,
        logger: this.logger,
        backoff: new Backoff({ initialMs: r.initialMs ?? 500, maxMs: r.maxMs ?? 15_000, factor: r.factor, random: r.random ?? Math.random }),
        heartbeatMisses,
        frameworkId: this.framework.id,
        subscribeRequest: (id) => calls.subscribeRequest(this.framework, id, [...this.suppressed]),
      },
      this.sessionListener(),
    );
  }

  /** Assigned by the master on the first subscription (or given in the options to re-attach). */
  get frameworkId(): string | undefined {
    return this.session.frameworkId;
  }

  /** True while subscribed: calls go out at once. */
  get connected(): boolean {
    return this.session.state === 'subscribed';
  }

  get state(): DriverState {
    return this.session.state;
  }

  get masterInfo(): MasterInfo | undefined {
    return this.session.masterInfo;
  }

  /** Roles currently suppressed; re-sent on every re-subscription so suppression survives it. */
  get suppressedRoles(): readonly string[] {
    return [...this.suppressed];
  }

  /**
   * Starts subscribing. Resolves on the first subscription; rejects if the driver stops first
   * (ERROR event, stop()). Not awaiting it is fine: the driver keeps retrying in the background.
   */
  start(): Promise<void> {
    try {
      this.session.start();
    } catch (error) {
      return Promise.reject(error);
    }
    this.detector?.start();
    const first = this.session.whenSubscribed(Infinity).then(() => undefined);
    first.catch(() => undefined); // handled: un-awaited starts must not become unhandled rejections
    return first;
  }

  /** Closes the stream WITHOUT tearing down: the master keeps the tasks for the failover timeout. */
  async stop(): Promise<void> {
    this.queue.clear();
    this.openBatch = undefined;
    this.session.stop();
    this.detector?.stop();
  }

  /** Removes the framework (the master kills all its tasks), then stops. Always stops. */
  async teardown(): Promise<void> {
    try {
      await this.send(calls.teardownCall(), () => this.session.quiesce());
    } finally {
      await this.stop();
    }
  }

  async accept(offerIds: string | readonly string[], operations: readonly OfferOperation[], filters?: Filters): Promise<void> {
    await this.send(calls.acceptCall(asList(offerIds), operations, filters));
  }

  /** Accepts the offers with one LAUNCH; whatever the tasks don't use is declined with `filters`. */
  launch(offerIds: string | readonly string[], tasks: readonly TaskInfo[], filters?: Filters): Promise<void> {
    return this.accept(offerIds, [{ type: 'launch', tasks }], filters);
  }

  async decline(offerIds: string | readonly string[], filters?: Filters): Promise<void> {
    const ids = asList(offerIds);
    if (ids.length > 0) await this.send(calls.declineCall(ids, filters));
  }

  async kill(taskId: string, agentId?: string, gracePeriodMs?: number): Promise<void> {
    await this.send(calls.killCall(taskId, agentId, gracePeriodMs));
  }

  /** Acknowledges a reliable update; a no-op for updates without a uuid (they must not be acknowledged). */
  async acknowledge(status: Acknowledgeable): Promise<void> {
    if (!status.uuid) return this.logger.debug({ taskId: status.taskId }, 'update without uuid: not acknowledged');
    await this.send(calls.acknowledgeCall(status));
  }

  /**
   * Acknowledges several reliable updates with one call; updates without a uuid are skipped. Should the
   * call fail (a master without ACKNOWLEDGE_MANY, or some acknowledgement refused), each update is
   * acknowledged on its own (the agent ignores an acknowledgement it has already had).
   */
  async acknowledgeMany(statuses: readonly Acknowledgeable[]): Promise<void> {
    const reliable = statuses.filter((status) => status.uuid);
    if (reliable.length === 1) return this.acknowledge(reliable[0]);
    if (reliable.length === 0) return;
    try {
      await this.send(calls.acknowledgeManyCall(reliable));
    } catch (error) {
      if (this.session.closing) throw error;
      this.logger.debug({ error: getErrorMessage(error), count: reliable.length }, 'ACKNOWLEDGE_MANY failed: acknowledging one by one');
      const results = await Promise.allSettled(reliable.map((status) => this.acknowledge(status)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
  }

  /** Explicit reconciliation for `tasks`, implicit (every task the master knows) without. */
  async reconcile(tasks: readonly ReconcileTask[] = []): Promise<void> {
    await this.send(calls.reconcileCall(tasks));
  }

  /** Stops offers for `roles` (default: all the framework's roles). */
  async suppress(roles: readonly string[] = []): Promise<void> {
    for (const role of roles.length ? roles : this.framework.roles) this.suppressed.add(role);
    await this.send(calls.suppressCall(roles));
  }

  /** Clears offer filters and resumes offers for `roles` (default: all the framework's roles). */
  async revive(roles: readonly string[] = []): Promise<void> {
    for (const role of roles.length ? roles : this.framework.roles) this.suppressed.delete(role);
    await this.send(calls.reviveCall(roles));
  }

  private async send(body: calls.CallBody, beforeSend?: () => void): Promise<void> {
    const deadline = this.clock.now() + this.callTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      const subscription = await this.session.whenSubscribed(deadline);
      beforeSend?.();
      const call = { frameworkId: subscription.frameworkId, streamId: subscription.streamId, call: body };
      try {
        return await subscription.connection.send(call, Math.max(1, deadline - this.clock.now()));
      } catch (error) {
        const typed = errorFromGrpc(error);
        if (typed.code !== 'PERMISSION_DENIED' || attempt > 1 || this.session.closing) throw typed;
        this.logger.warn({ call: body.$case, error: typed.message }, 'call refused on this stream; re-subscribing');
        this.session.resubscribe(subscription.streamId, `the master refused a ${body.$case} call: ${typed.message}`);
      }
    }
  }

  private sessionListener(): SessionListener {
    return {
      subscribed: (info) =>
        this.push('subscribed', () =>
          this.handlers.subscribed?.(info.frameworkId, info.masterInfo, {
            reconnected: info.reconnected,
            heartbeatIntervalMs: info.heartbeatIntervalMs,
          }),
        ),
      event: (event) => this.dispatch(event),
      disconnected: (reason) => this.push('disconnected', () => this.handlers.disconnected?.(reason)),
      fatal: (message) => {
        this.detector?.stop(); // the driver has stopped for good: nothing left to follow
        this.push('error', () => this.handlers.error?.(message));
      },
    };
  }

  private dispatch(event: StreamEvent): void {
    switch (event.type) {
      case 'offers':
        return this.onOffers(event.offers, event.unreadable);
      case 'rescind':
        return this.push('rescinded', () => this.handlers.rescinded?.(event.offerId));
      case 'update':
        return this.queueUpdate(event.status);
      case 'failure':
        return this.push('failure', () =>
          this.handlers.failure?.(event.agentId, { executorId: event.executorId, exitStatus: event.exitStatus }),
        );
    }
  }

  /** Offers nobody can use (unreadable, or no offers handler) are declined rather than hoarded. */
  private onOffers(offers: Offer[], unreadable: readonly UnreadableOffer[]): void {
    for (const u of unreadable) this.logger.warn({ offerId: u.offerId, error: u.error }, 'unreadable offer declined');
    const unusable = unreadable.map((u) => u.offerId);
    if (!this.handlers.offers) unusable.push(...offers.map((o) => o.id));
    if (unusable.length > 0) this.background('decline', this.decline(unusable));
    if (this.handlers.offers && offers.length > 0) this.push('offers', () => this.handlers.offers?.(offers));
  }

  /** With an `updateBatch` handler, joins the batch queued last if nothing else was queued after it. */
  private queueUpdate(status: TaskStatus): void {
    if (!this.handlers.updateBatch) return this.push('update', () => this.onUpdate(status));
    const open = this.openBatch;
    if (open && open.length < MAX_UPDATE_BATCH) {
      open.push(status);
      return;
    }
    const batch = [status];
    this.push('updates', () => {
      if (this.openBatch === batch) this.openBatch = undefined;
      return this.onUpdates(batch);
    });
    this.openBatch = batch;
  }

  /** Every handler goes through here, so a queued update batch is closed by any later event. */
  private push(label: string, run: () => unknown): void {
    this.openBatch = undefined;
    this.queue.push(label, run);
  }

  private async onUpdates(statuses: readonly TaskStatus[]): Promise<void> {
    await this.handlers.updateBatch?.(statuses); // a throw skips the acks: the agents will send the updates again
    if (!this.autoAcknowledge) return;
    this.background('acknowledge', this.acknowledgeMany(statuses));
  }

  private async onUpdate(status: TaskStatus): Promise<void> {
    await this.handlers.update?.(status); // a throw skips the ack: the agent will send the update again
    if (this.autoAcknowledge && status.uuid) this.background('acknowledge', this.acknowledge(status));
  }

  private background(label: string, work: Promise<void>): void {
    work.catch((error) => {
      // Refusals while stopping (the framework is gone) are expected; the rest are worth a look.
      const expected = this.session.closing || isStratoError(error, 'FAILED_PRECONDITION');
      this.logger[expected ? 'debug' : 'warn']({ call: label, error: getErrorMessage(error) }, 'background call failed');
    });
  }
}
