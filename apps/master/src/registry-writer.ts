import { KeyValueStore } from '@strato/coordination';

/** A key's next value, computed when its write starts (so it is the latest); `undefined` deletes the key. */
export type ValueOf = () => Buffer | undefined;

/** One write of a key: the promise every caller that waited for it got. */
interface Pending {
  value: ValueOf;
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** One key's writes: the one in flight, and the one waiting behind it (later values replace its value). */
interface KeySlot {
  inFlight?: Pending;
  queued?: Pending;
}

function pending(value: ValueOf): Pending {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // fire-and-forget callers are covered by onFailure
  return { value, promise, resolve, reject };
}

/**
 * Writes keys to a store so that callers can wait for durability without a write per call: writes to
 * one key run one at a time in call order; while one is in flight, later writes of that key coalesce
 * into the next one (whose value is taken when it starts, and whose promise covers every caller that
 * waited). A failed write rejects its callers and is reported to `onFailure`.
 */
export class CoalescingWriter {
  private readonly slots = new Map<string, KeySlot>();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: KeyValueStore,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  write(key: string, value: ValueOf): Promise<void> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = {};
      this.slots.set(key, slot);
    }
    if (slot.queued) slot.queued.value = value;
    else slot.queued = pending(value);
    const { promise } = slot.queued;
    if (!slot.inFlight) void this.drain(key, slot);
    return promise;
  }

  /** Resolves once whatever is queued or in flight for these keys is durable. */
  pendingFor(keys: readonly string[]): Promise<void> {
    const waits = keys.map((key) => {
      const slot = this.slots.get(key);
      return (slot?.queued ?? slot?.inFlight)?.promise;
    });
    return Promise.all(waits).then(() => undefined);
  }

  /** Resolves once no write is pending (writes that fail resolve it too: `onFailure` has them). */
  idle(): Promise<void> {
    if (this.slots.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(key: string, slot: KeySlot): Promise<void> {
    while (slot.queued) {
      const write = slot.queued;
      slot.inFlight = write;
      slot.queued = undefined;
      try {
        const value = write.value();
        await (value === undefined ? this.store.delete(key) : this.store.put(key, value));
        write.resolve();
      } catch (error) {
        write.reject(error);
        this.onFailure(error);
      }
    }
    slot.inFlight = undefined;
    this.slots.delete(key);
    if (this.slots.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
