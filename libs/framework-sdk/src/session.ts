import { Backoff, Clock, TimerHandle } from '@strato/clock';
import type { MasterInfo } from '@strato/domain';
import { failedPrecondition, getErrorMessage, StratoError, unavailable } from '@strato/errors';
import type * as pb from '@strato/proto';
import type { ConnectionFactory, EventStream, MasterConnection } from './connection';
import { eventFromProto, SchedulerEvent } from './events';
import { HeartbeatWatchdog } from './heartbeat-watchdog';
import { masterInfoFromTarget, masterTarget } from './master-address';
import type { DriverLogger, DriverState, MasterSource } from './types';

/** Mesos' default heartbeat interval, assumed until a master tells us its own. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/** A live subscription: what a call needs to reach the master on the right stream. */
export interface ActiveSubscription {
  readonly connection: MasterConnection;
  readonly frameworkId: string;
  readonly streamId: string;
}

export interface SubscribedInfo extends ActiveSubscription {
  readonly masterInfo: MasterInfo;
  readonly heartbeatIntervalMs: number;
  readonly reconnected: boolean;
}

export type StreamEvent = Exclude<SchedulerEvent, { type: 'subscribed' | 'error' | 'heartbeat' | 'unknown' }>;

/** How the session reports to the driver. Called synchronously, as events arrive. */
export interface SessionListener {
  subscribed(info: SubscribedInfo): void;
  event(event: StreamEvent): void;
  disconnected(reason: string): void;
  fatal(message: string): void;
}

export interface SessionOptions {
  readonly master: MasterSource;
  readonly connect: ConnectionFactory;
  readonly clock: Clock;
  readonly logger: DriverLogger;
  readonly backoff: Backoff;
  readonly heartbeatMisses: number;
  readonly frameworkId?: string;
  readonly subscribeRequest: (frameworkId: string | undefined) => pb.Call_Subscribe;
}

interface Waiter {
  resolve(subscription: ActiveSubscription): void;
  reject(error: StratoError): void;
  timer?: TimerHandle;
}

/**
 * Keeps one subscription to the leading master alive: subscribes, re-subscribes with the same
 * framework id after any loss (stream error or end, silence past the heartbeat limit, a refused
 * stream id), with truncated exponential backoff. Stops for good on an ERROR event.
 */
export class Session {
  private current: DriverState = 'idle';
  /** Bumped whenever a stream is abandoned, so late callbacks from it are ignored. */
  private generation = 0;
  private connection: MasterConnection | undefined;
  private stream: EventStream | undefined;
  private active: ActiveSubscription | undefined;
  private retryTimer: TimerHandle | undefined;
  private heartbeatMs = DEFAULT_HEARTBEAT_MS;
  private subscriptions = 0;
  private quiet = false;
  private readonly waiters = new Set<Waiter>();
  private readonly watchdog: HeartbeatWatchdog;
  private framework: string | undefined;
  private master: MasterInfo | undefined;
  /** The target of the latest subscription attempt (kept while waiting to retry it). */
  private target: string | undefined;
  /** The generation whose connect() is still asking the master source for a target. */
  private resolving: number | undefined;

  constructor(
    private readonly options: SessionOptions,
    private readonly listener: SessionListener,
  ) {
    this.framework = options.frameworkId;
    this.watchdog = new HeartbeatWatchdog(options.clock, (ms) => this.lose(`no event from the master for ${ms} ms`));
  }

  get state(): DriverState {
    return this.current;
  }

  get frameworkId(): string | undefined {
    return this.framework;
  }

  get masterInfo(): MasterInfo | undefined {
    return this.master;
  }

  /** Stopped, or tearing down: refused calls are final, nothing re-subscribes. */
  get closing(): boolean {
    return this.quiet || this.current === 'stopped';
  }

  start(): void {
    if (this.current !== 'idle') throw failedPrecondition(`the driver was already started (state ${this.current})`);
    this.current = 'subscribing';
    void this.connect();
  }

  /** Closes everything without telling the master (failover semantics). */
  stop(): void {
    this.shutdown(failedPrecondition('the scheduler driver is stopped'));
  }

  /** From now on a closing stream is expected (teardown): no reconnect, no handlers. */
  quiesce(): void {
    this.quiet = true;
  }

  /** The master refused `streamId` (PERMISSION_DENIED): if it is still ours, subscribe again. */
  resubscribe(streamId: string, reason: string): void {
    if (this.active?.streamId === streamId) this.lose(reason);
  }

  /**
   * The leader detector saw a new leading master at `target`. A stream to another master, open or
   * still subscribing, is dropped and so is a retry pending for one: the session subscribes to
   * `target` at once, without backoff (the framework id is kept: a failover re-subscription). No-op
   * while already on `target`, or while a subscription attempt still waits for the detector (it
   * gets `target` from it).
   */
  leaderMoved(target: string): void {
    if (this.current === 'idle' || this.current === 'stopped' || this.quiet) return;
    if (this.resolving === this.generation || this.target === target) return;
    const wasSubscribed = this.active !== undefined;
    const reason = `the leading master moved from ${this.target ?? 'none'} to ${target}`;
    this.options.logger.info({ from: this.target, to: target, frameworkId: this.framework }, 'leading master changed; re-subscribing');
    this.abandonStream();
    this.closeConnection();
    this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.options.backoff.reset();
    this.current = 'subscribing';
    if (wasSubscribed) this.listener.disconnected(reason);
    void this.connect();
  }

  /** The live subscription, waiting for one until `deadline` (clock ms) when disconnected. */
  whenSubscribed(deadline: number): Promise<ActiveSubscription> {
    if (this.active) return Promise.resolve(this.active);
    if (this.current === 'idle') return Promise.reject(failedPrecondition('the scheduler driver is not started'));
    if (this.current === 'stopped') return Promise.reject(failedPrecondition('the scheduler driver is stopped'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      if (Number.isFinite(deadline)) {
        const waitMs = Math.max(0, deadline - this.options.clock.now());
        waiter.timer = this.options.clock.setTimeout(() => {
          this.waiters.delete(waiter);
          reject(unavailable(`not subscribed to a master (waited ${waitMs} ms)`));
        }, waitMs);
      }
      this.waiters.add(waiter);
    });
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    let target: string;
    this.resolving = generation;
    try {
      target = await this.resolveMaster();
    } catch (error) {
      if (this.resolving === generation) this.resolving = undefined;
      if (generation === this.generation) this.retryLater(`no master address: ${getErrorMessage(error)}`);
      return;
    }
    if (this.resolving === generation) this.resolving = undefined;
    if (generation !== this.generation || this.current === 'stopped') return;
    this.target = target;
    const connection = this.connectionTo(target);
    this.options.logger.debug({ master: target, frameworkId: this.framework }, 'subscribing');
    this.watchdog.arm(this.silenceLimitMs());
    this.stream = connection.subscribe(this.options.subscribeRequest(this.framework), {
      event: (event) => generation === this.generation && this.onEvent(connection, event),
      closed: (error) => generation === this.generation && this.onClosed(error),
    });
  }

  private async resolveMaster(): Promise<string> {
    const { master } = this.options;
    return masterTarget(typeof master === 'string' ? master : await master());
  }

  private connectionTo(target: string): MasterConnection {
    if (this.connection?.address === target) return this.connection;
    this.connection?.close();
    this.connection = this.options.connect(target);
    return this.connection;
  }

  private silenceLimitMs(): number {
    return this.heartbeatMs * this.options.heartbeatMisses;
  }

  private onEvent(connection: MasterConnection, raw: pb.Event): void {
    this.watchdog.heard();
    const event = eventFromProto(raw);
    switch (event.type) {
      case 'subscribed':
        return this.onSubscribed(connection, event);
      case 'error':
        if (this.quiet) return this.shutdown(failedPrecondition('the framework was torn down'));
        return this.fail(event.message);
      case 'heartbeat':
      case 'unknown':
        return;
      default:
        if (this.active) this.listener.event(event);
        else this.options.logger.warn({ type: event.type }, 'event before SUBSCRIBED ignored');
    }
  }

  private onSubscribed(connection: MasterConnection, event: Extract<SchedulerEvent, { type: 'subscribed' }>): void {
    if (this.active) return this.options.logger.warn({ streamId: event.streamId }, 'second SUBSCRIBED on one stream ignored');
    if (!event.frameworkId) return this.lose('the master sent SUBSCRIBED without a framework id');
    if (this.framework && this.framework !== event.frameworkId) {
      this.options.logger.warn({ asked: this.framework, got: event.frameworkId }, 'the master assigned a new framework id');
    }
    this.framework = event.frameworkId;
    this.master = event.masterInfo ?? masterInfoFromTarget(connection.address);
    this.heartbeatMs = event.heartbeatIntervalMs || DEFAULT_HEARTBEAT_MS;
    this.watchdog.arm(this.silenceLimitMs());
    this.options.backoff.reset();
    this.active = { connection, frameworkId: event.frameworkId, streamId: event.streamId };
    this.current = 'subscribed';
    const reconnected = this.subscriptions++ > 0;
    this.options.logger.info({ frameworkId: this.framework, master: connection.address, reconnected }, 'subscribed');
    for (const waiter of this.takeWaiters()) waiter.resolve(this.active);
    this.listener.subscribed({ ...this.active, masterInfo: this.master, heartbeatIntervalMs: this.heartbeatMs, reconnected });
  }

  private onClosed(error: StratoError | undefined): void {
    if (this.quiet) return this.shutdown(failedPrecondition('the framework was torn down'));
    if (error?.code === 'INVALID_ARGUMENT') return this.fail(`the master refused the subscription: ${error.message}`);
    this.lose(error ? `${error.code}: ${error.message}` : 'the master closed the event stream');
  }

  /** Abandons the current stream and subscribes again after a backoff delay. */
  private lose(reason: string): void {
    if (this.current === 'stopped') return;
    if (this.quiet) return this.shutdown(failedPrecondition('the framework was torn down'));
    const wasSubscribed = this.active !== undefined;
    this.abandonStream();
    // A fresh channel next time: gRPC's own reconnect backoff (up to 2 min) must not outlast ours.
    // Calls already on the wire finish on the old channel.
    this.closeConnection();
    this.current = 'subscribing';
    if (wasSubscribed) this.listener.disconnected(reason);
    this.retryLater(reason);
  }

  private retryLater(reason: string): void {
    if (this.current === 'stopped') return;
    const delayMs = this.options.backoff.next();
    this.options.logger.warn({ reason, delayMs }, 'not subscribed; retrying');
    this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.options.clock.setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delayMs);
  }

  private fail(message: string): void {
    if (this.current === 'stopped') return;
    this.options.logger.error({ frameworkId: this.framework, message }, 'the master refused the framework; stopping');
    this.shutdown(failedPrecondition(`the scheduler driver stopped: ${message}`));
    this.listener.fatal(message);
  }

  private shutdown(reason: StratoError): void {
    this.current = 'stopped';
    this.abandonStream();
    this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.closeConnection();
    for (const waiter of this.takeWaiters()) waiter.reject(reason);
  }

  private abandonStream(): void {
    this.generation++;
    this.stream?.cancel();
    this.stream = undefined;
    this.active = undefined;
    this.watchdog.disarm();
  }

  private closeConnection(): void {
    this.connection?.close();
    this.connection = undefined;
  }

  private takeWaiters(): Waiter[] {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) this.options.clock.clearTimeout(waiter.timer);
    return waiters;
  }
}
