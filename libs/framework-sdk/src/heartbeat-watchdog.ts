import type { Clock, TimerHandle } from '@strato/clock';

/**
 * Fires `onSilence` when nothing was heard for `limitMs`. Every event from the master (heartbeats
 * included) calls `heard()`, which pushes the deadline out again.
 */
export class HeartbeatWatchdog {
  private timer: TimerHandle | undefined;
  private limitMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly onSilence: (silentMs: number) => void,
  ) {}

  /** (Re)starts watching with a new limit. */
  arm(limitMs: number): void {
    this.limitMs = limitMs;
    this.heard();
  }

  heard(): void {
    if (this.limitMs <= 0) return;
    this.clock.clearTimeout(this.timer);
    const limit = this.limitMs;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.onSilence(limit);
    }, limit);
  }

  disarm(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.limitMs = 0;
  }
}
