import * as grpc from '@grpc/grpc-js';
import { Clock, TimerHandle } from '@strato/clock';
import { AgentLinkClient, AgentMessage, MasterMessage, MasterMessage_Registered } from '@strato/proto';
import { Logger } from '@strato/service';
import { MasterDetector } from './master-detector';

/** What the agent does with the link; called on the event loop, never concurrently. */
export interface MasterLinkHandlers {
  /** The Register or Reregister message to open a new stream with. */
  registration(): AgentMessage;
  onRegistered(registered: MasterMessage_Registered): void;
  /** RunTask, KillTask, ShutdownFramework and acknowledgements, once registered. */
  onMessage(message: MasterMessage): void;
  /** The registered stream is gone; a new one is being set up. */
  onDisconnected(): void;
}

export interface MasterLinkOptions {
  /** Where the leading master's gRPC endpoint is (`fixedMaster(host:port)` or ZooKeeper). */
  readonly master: MasterDetector;
  readonly clock: Clock;
  /** Random source in [0, 1) for the reconnect jitter. */
  readonly random: () => number;
  /** Mesos `--registration_backoff_factor`: the first retry waits random [0, this]. */
  readonly backoffFactorMs: number;
  readonly maxBackoffMs?: number;
  /** How long to wait for Registered before trying again. */
  readonly registrationTimeoutMs?: number;
  readonly logger: Logger;
  readonly handlers: MasterLinkHandlers;
}

export type LinkState = 'disconnected' | 'registering' | 'registered' | 'stopped';

type Stream = grpc.ClientDuplexStream<AgentMessage, MasterMessage>;

const DEFAULT_PING_INTERVAL_MS = 15_000;
/** Mesos `max_agent_ping_timeouts`. */
const MAX_MISSED_PINGS = 5;

/**
 * The agent's one bidirectional stream to the master (`AgentLink.Connect`): registers or
 * re-registers, answers pings, and reconnects with jittered exponential backoff (as Mesos:
 * random in [0, factor], the bound doubling up to 1 min) whenever the stream ends, errors,
 * the master refuses, or pings stop coming. It never gives up while the agent runs.
 *
 * It dials whichever master the detector names. When the detector names a new leader, a stream
 * to another master is dropped and the agent (re-)registers with the new one after a first-try
 * delay only (random in [0, factor], so a whole cluster does not hit it at once), not after the
 * backoff built up against the old one. While no leader is known it dials nothing (a stale
 * address would only be refused) and waits; a stream it still has is kept until a leader is
 * named: a master that lost leadership exits or refuses, which ends the stream anyway.
 */
export class MasterLink {
  private client?: AgentLinkClient;
  private stream?: Stream;
  private state: LinkState = 'disconnected';
  private watchdog?: TimerHandle;
  private reconnectTimer?: TimerHandle;
  private backoffBoundMs: number;
  private attempt = 0;
  private pingTimeoutMs = DEFAULT_PING_INTERVAL_MS * MAX_MISSED_PINGS;
  /** The master of the current stream, or of the retry pending for it. */
  private address?: string;
  private waitingLogged = false;

  constructor(private readonly options: MasterLinkOptions) {
    this.backoffBoundMs = options.backoffFactorMs;
  }

  get linkState(): LinkState {
    return this.state;
  }

  /** The master this link dials (or last dialled), for logs and `/health`. */
  get masterAddress(): string | undefined {
    return this.address;
  }

  start(): void {
    this.options.master.start((leader) => this.leaderChanged(leader));
    this.connect();
  }

  /** Writes to the master if registered; returns false (message dropped) otherwise. */
  send(message: AgentMessage): boolean {
    if (this.state !== 'registered' || !this.stream) return false;
    this.stream.write(message);
    return true;
  }

  stop(): void {
    this.state = 'stopped';
    this.options.master.stop();
    this.options.clock.clearTimeout(this.reconnectTimer);
    this.options.clock.clearTimeout(this.watchdog);
    const stream = this.stream;
    this.stream = undefined;
    if (stream) closeStream(stream);
    this.client?.close();
    this.client = undefined;
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    if (this.state === 'stopped') return;
    const address = this.options.master.leader;
    this.address = address;
    if (!address) return this.waitForLeader();
    this.waitingLogged = false;
    this.attempt++;
    this.state = 'registering';
    // A fresh channel per attempt: our backoff decides when to retry, not gRPC's own (up to 2 min).
    this.client?.close();
    this.client = new AgentLinkClient(address, grpc.credentials.createInsecure(), {
      'grpc.use_local_subchannel_pool': 1,
    });
    const stream = this.client.connect();
    this.stream = stream;
    stream.on('data', (message: MasterMessage) => this.onData(stream, message));
    stream.on('error', (error: Error) => this.lost(stream, `stream failed: ${error.message}`));
    stream.on('end', () => this.lost(stream, 'master closed the stream'));
    const registration = this.options.handlers.registration();
    this.options.logger.info(
      { master: address, attempt: this.attempt, kind: registration.message?.$case },
      'connecting to master',
    );
    stream.write(registration);
    this.arm(this.options.registrationTimeoutMs ?? 15_000, stream, 'no answer to registration');
  }

  private onData(stream: Stream, message: MasterMessage): void {
    if (stream !== this.stream || !message.message) return;
    const m = message.message;
    try {
      switch (m.$case) {
        case 'registered':
          return this.onRegistered(stream, m.value);
        case 'refused':
          this.options.logger.warn({ master: this.address, reason: m.value.message }, 'master refused registration');
          return this.lost(stream, `refused: ${m.value.message}`);
        case 'ping':
          stream.write({ message: { $case: 'pong', value: { sequence: m.value.sequence } } });
          if (this.state === 'registered') this.arm(this.pingTimeoutMs, stream, 'no ping from master');
          return;
        default:
          if (this.state === 'registered') this.options.handlers.onMessage(message);
          else this.options.logger.debug({ kind: m.$case }, 'ignoring message before registration');
      }
    } catch (error) {
      this.options.logger.error({ kind: m.$case, err: (error as Error).message }, 'failed to handle master message');
    }
  }

  private onRegistered(stream: Stream, registered: MasterMessage_Registered): void {
    const intervalMs = registered.pingIntervalSeconds > 0 ? registered.pingIntervalSeconds * 1000 : DEFAULT_PING_INTERVAL_MS;
    this.pingTimeoutMs = intervalMs * MAX_MISSED_PINGS;
    this.state = 'registered';
    this.backoffBoundMs = this.options.backoffFactorMs;
    this.attempt = 0;
    this.arm(this.pingTimeoutMs, stream, 'no ping from master');
    this.options.handlers.onRegistered(registered);
  }

  private arm(ms: number, stream: Stream, reason: string): void {
    this.options.clock.clearTimeout(this.watchdog);
    this.watchdog = this.options.clock.setTimeout(() => this.lost(stream, `${reason} within ${ms} ms`), ms);
  }

  private lost(stream: Stream, reason: string): void {
    if (stream !== this.stream || !this.drop(stream)) return;
    const delay = Math.round(this.options.random() * this.backoffBoundMs);
    this.backoffBoundMs = Math.min(this.backoffBoundMs * 2, this.options.maxBackoffMs ?? 60_000);
    this.options.logger.warn({ master: this.address, reason, retryInMs: delay, attempt: this.attempt }, 'lost the master; reconnecting');
    this.reconnectTimer = this.options.clock.setTimeout(() => this.connect(), delay);
  }

  /** Closes the stream; tells the agent if it was registered. False when the link is stopped. */
  private drop(stream: Stream): boolean {
    this.stream = undefined;
    this.options.clock.clearTimeout(this.watchdog);
    closeStream(stream);
    const wasRegistered = this.state === 'registered';
    if (this.state === 'stopped') return false;
    this.state = 'disconnected';
    if (wasRegistered) this.options.handlers.onDisconnected();
    return true;
  }

  /** No leader known: nothing to dial until the detector names one (`leaderChanged`). */
  private waitForLeader(): void {
    this.state = 'disconnected';
    if (this.waitingLogged) return;
    this.waitingLogged = true;
    this.options.logger.warn({ master: this.options.master.source }, 'no leading master known; waiting for one');
  }

  private leaderChanged(leader: string | undefined): void {
    if (this.state === 'stopped') return;
    if (!leader) {
      if (!this.stream) return this.waitForLeader();
      return this.options.logger.warn({ master: this.address }, 'no leading master in ZooKeeper; keeping the current link until one is elected');
    }
    // Already on it (connected, or backing off after a failure with it): nothing changes.
    if (leader === this.address && (this.stream || this.reconnectTimer)) return;
    if (this.stream) this.drop(this.stream);
    this.options.clock.clearTimeout(this.reconnectTimer);
    this.backoffBoundMs = this.options.backoffFactorMs;
    this.attempt = 0;
    const delay = Math.round(this.options.random() * this.backoffBoundMs);
    this.options.logger.info({ from: this.address ?? null, master: leader, inMs: delay }, 'new leading master; registering with it');
    this.address = leader;
    this.reconnectTimer = this.options.clock.setTimeout(() => this.connect(), delay);
  }
}

function closeStream(stream: Stream): void {
  stream.removeAllListeners();
  stream.on('error', () => undefined);
  try {
    stream.end();
    stream.cancel();
  } catch {
    // already closed
  }
}
