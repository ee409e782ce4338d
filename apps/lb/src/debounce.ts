import { Clock, TimerHandle } from '@strato/clock';

/**
 * Turns a burst of pokes into one call: `fire` runs once `quietMs` passed without a poke, but never later
 * than `maxDelayMs` after the first poke of the burst, so a steady trickle of events cannot starve it.
 */
export class Debouncer {
  private timer?: TimerHandle;
  private firstAt?: number;

  constructor(
    private readonly clock: Clock,
    private readonly quietMs: number,
    private readonly maxDelayMs: number,
    private readonly fire: () => void,
  ) {}

  poke(): void {
    const now = this.clock.now();
    this.firstAt ??= now;
    this.clock.clearTimeout(this.timer);
    const due = Math.min(now + this.quietMs, this.firstAt + this.maxDelayMs);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.firstAt = undefined;
      this.fire();
    }, due - now);
  }

  pending(): boolean {
    return this.timer !== undefined;
  }

  cancel(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.firstAt = undefined;
  }
}
