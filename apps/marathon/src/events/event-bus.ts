import { Clock } from '@strato/clock';
import { Logger, Metrics } from '@strato/service';
import { MarathonEvent, stamp, UnstampedEvent } from './events';

/** Marathon's `--event_stream_max_outstanding_messages` default. */
export const DEFAULT_MAX_OUTSTANDING = 1024;

/** Where a subscriber's events go (an SSE response, a test fake). */
export interface EventSink {
  /**
   * Delivers one event. `false` means the transport accepted it but is backed up (like `res.write`):
   * the frame counts as outstanding and the bus queues further events until `whenDrained` fires.
   */
  write(event: MarathonEvent): boolean;
  /** Registers a one-shot callback for when a backed-up transport has flushed. */
  whenDrained(resume: () => void): void;
  /** The bus dropped this subscriber (buffer overflow): close the connection. Called at most once. */
  drop(reason: string): void;
}

export type Unsubscribe = () => void;

export interface EventBusOptions {
  readonly clock: Clock;
  readonly maxOutstanding?: number;
  readonly metrics?: Metrics;
  readonly logger?: Logger;
}

class Subscriber {
  private readonly queue: MarathonEvent[] = [];
  /** Frames the transport accepted but has not flushed (0 or 1: the write that returned false). */
  private inFlight = 0;
  active = true;

  constructor(
    readonly filter: ReadonlySet<string> | undefined,
    private readonly sink: EventSink,
    private readonly max: number,
  ) {}

  wants(event: MarathonEvent): boolean {
    return !this.filter || this.filter.has(event.eventType);
  }

  outstanding(): number {
    return this.inFlight + this.queue.length;
  }

  /** Returns false when taking the event would exceed the bound: the caller drops this subscriber. */
  offer(event: MarathonEvent): boolean {
    if (this.inFlight === 0 && this.queue.length === 0) {
      this.send(event);
      return true;
    }
    if (this.outstanding() >= this.max) return false;
    this.queue.push(event);
    return true;
  }

  drop(reason: string): void {
    this.active = false;
    this.queue.length = 0;
    this.sink.drop(reason);
  }

  private send(event: MarathonEvent): void {
    if (this.sink.write(event)) return;
    this.inFlight = 1;
    this.sink.whenDrained(() => this.drained());
  }

  private drained(): void {
    this.inFlight = 0;
    while (this.active && this.inFlight === 0 && this.queue.length > 0) this.send(this.queue.shift() as MarathonEvent);
  }
}

/**
 * Fans Marathon events out to subscribers. Publishing never blocks: each subscriber has its own
 * bounded buffer, and one that overflows is dropped (Marathon closes the connection rather than
 * thinning the stream, so a client never silently misses events — it reconnects and re-reads state).
 */
export class EventBus {
  private readonly subscribers = new Set<Subscriber>();
  private readonly max: number;

  constructor(private readonly options: EventBusOptions) {
    this.max = options.maxOutstanding ?? DEFAULT_MAX_OUTSTANDING;
    if (!(this.max >= 1)) throw new Error(`maxOutstanding must be at least 1, got ${this.max}`);
    options.metrics?.gauge('events/subscribers', () => this.subscribers.size);
  }

  /** Stamps the event with the clock's time and offers it to every matching subscriber, in publish order. */
  publish(event: UnstampedEvent): MarathonEvent {
    const stamped = stamp(event, this.options.clock.now());
    this.options.metrics?.increment('events/published');
    for (const subscriber of [...this.subscribers]) {
      if (!subscriber.active || !subscriber.wants(stamped)) continue;
      if (!subscriber.offer(stamped)) this.dropSubscriber(subscriber);
    }
    return stamped;
  }

  /** `filter` holds event types; `undefined` (or empty) means all events. */
  subscribe(filter: ReadonlySet<string> | undefined, sink: EventSink): Unsubscribe {
    const subscriber = new Subscriber(filter && filter.size > 0 ? filter : undefined, sink, this.max);
    this.subscribers.add(subscriber);
    return () => {
      subscriber.active = false;
      this.subscribers.delete(subscriber);
    };
  }

  subscriberCount(): number {
    return this.subscribers.size;
  }

  private dropSubscriber(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
    this.options.metrics?.increment('events/dropped_subscribers');
    const reason = `more than ${this.max} outstanding messages`;
    this.options.logger?.warn({ outstanding: subscriber.outstanding(), max: this.max }, 'dropping slow event stream subscriber');
    subscriber.drop(reason);
  }
}
