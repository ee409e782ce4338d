import { FakeClock } from '@strato/clock';
import { Metrics } from '@strato/service';
import { EventBus, EventSink } from './event-bus';
import { MarathonEvent, UnstampedEvent } from './events';

/** A sink whose transport can be "backed up" on demand, like a socket nobody reads. */
class FakeSink implements EventSink {
  readonly received: MarathonEvent[] = [];
  backedUp = false;
  dropped?: string;
  private resume?: () => void;

  write(event: MarathonEvent): boolean {
    this.received.push(event);
    return !this.backedUp;
  }
  whenDrained(resume: () => void): void {
    this.resume = resume;
  }
  drop(reason: string): void {
    this.dropped = reason;
  }
  drain(): void {
    this.backedUp = false;
    const resume = this.resume;
    this.resume = undefined;
    resume?.();
  }
  types(): string[] {
    return this.received.map((e) => e.eventType);
  }
}

const terminated = (appId: string): UnstampedEvent => ({ eventType: 'app_terminated_event', appId });
const groupOk = (version: string): UnstampedEvent => ({ eventType: 'group_change_success', groupId: '/', version });

describe('EventBus', () => {
  let clock: FakeClock;
  let metrics: Metrics;
  let bus: EventBus;

  beforeEach(() => {
    clock = new FakeClock(Date.parse('2015-09-30T12:44:30.061Z'));
    metrics = new Metrics();
    bus = new EventBus({ clock, metrics, maxOutstanding: 3 });
  });

  it('stamps events with the clock time, eventType and timestamp last as Marathon prints them', () => {
    const sink = new FakeSink();
    bus.subscribe(undefined, sink);
    bus.publish({ eventType: 'event_stream_attached', remoteAddress: '::1' });
    clock.advance(1000);
    bus.publish({ eventType: 'scheduler_disconnected_event' });
    expect(JSON.stringify(sink.received[0])).toBe(
      '{"remoteAddress":"::1","eventType":"event_stream_attached","timestamp":"2015-09-30T12:44:30.061Z"}',
    );
    expect(sink.received[1]).toEqual({ eventType: 'scheduler_disconnected_event', timestamp: '2015-09-30T12:44:31.061Z' });
  });

  it('delivers only the filtered types, in publish order, to each subscriber', () => {
    const all = new FakeSink();
    const groups = new FakeSink();
    const none = new FakeSink();
    bus.subscribe(undefined, all);
    bus.subscribe(new Set(['group_change_success']), groups);
    bus.subscribe(new Set(['status_update_event']), none);
    bus.publish(groupOk('v1'));
    bus.publish(terminated('/a'));
    bus.publish(groupOk('v2'));
    bus.publish(terminated('/b'));
    expect(all.received.map((e) => ('appId' in e ? e.appId : (e as { version: string }).version))).toEqual(['v1', '/a', 'v2', '/b']);
    expect(groups.received.map((e) => (e as { version: string }).version)).toEqual(['v1', 'v2']);
    expect(none.received).toEqual([]);
    expect(metrics.counter('events/published')).toBe(4);
  });

  it('treats an empty filter as "all events" and stops delivering after unsubscribe', () => {
    const sink = new FakeSink();
    const unsubscribe = bus.subscribe(new Set(), sink);
    bus.publish(terminated('/a'));
    expect(metrics.snapshot()['events/subscribers']).toBe(1);
    unsubscribe();
    bus.publish(terminated('/b'));
    expect(sink.types()).toEqual(['app_terminated_event']);
    expect(metrics.snapshot()['events/subscribers']).toBe(0);
  });

  it('queues while a sink is backed up and flushes in order on drain', () => {
    const sink = new FakeSink();
    bus.subscribe(undefined, sink);
    sink.backedUp = true;
    bus.publish(terminated('/1')); // accepted by the transport, outstanding until drain
    bus.publish(terminated('/2'));
    bus.publish(terminated('/3'));
    expect(sink.received.map((e) => (e as { appId: string }).appId)).toEqual(['/1']);
    sink.drain();
    expect(sink.received.map((e) => (e as { appId: string }).appId)).toEqual(['/1', '/2', '/3']);
    expect(sink.dropped).toBeUndefined();
  });

  it('drops only the slow subscriber when its buffer overflows, without blocking the others', () => {
    const slow = new FakeSink();
    const fast = new FakeSink();
    bus.subscribe(undefined, slow);
    bus.subscribe(undefined, fast);
    slow.backedUp = true;
    for (let i = 1; i <= 3; i++) bus.publish(terminated(`/${i}`)); // 1 in flight + 2 queued = 3 = max
    expect(slow.dropped).toBeUndefined();
    bus.publish(terminated('/4'));
    expect(slow.dropped).toMatch(/more than 3 outstanding/);
    expect(metrics.counter('events/dropped_subscribers')).toBe(1);
    expect(bus.subscriberCount()).toBe(1);

    bus.publish(terminated('/5'));
    slow.drain(); // a late drain must not resurrect a dropped subscriber
    expect(slow.received).toHaveLength(1);
    expect(fast.received.map((e) => (e as { appId: string }).appId)).toEqual(['/1', '/2', '/3', '/4', '/5']);
  });

  it('rejects a bound below one', () => {
    expect(() => new EventBus({ clock, maxOutstanding: 0 })).toThrow(/at least 1/);
  });
});
