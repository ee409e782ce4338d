import { Backoff, Clock, TimerHandle } from '@strato/clock';
import { getErrorMessage } from '@strato/errors';
import type { Logger } from '@strato/service';
import type { EventStreamSource } from './marathon-client';

export interface WatcherOptions {
  /** First reconnect delay (marathon-lb: 3 s), growing ×`factor` up to `maxMs` (`--max-backoff`). */
  readonly initialMs?: number;
  readonly factor?: number;
  readonly maxMs: number;
  /** A stream that stayed up this long was healthy: the next reconnect starts from `initialMs` again. */
  readonly longLivedMs?: number;
  /** Random source in [0, 1) for jitter, so several LBs do not reconnect in step. */
  readonly random?: () => number;
}

export interface WatcherCallbacks {
  /** The stream is (re)connected: state may have changed while it was down, so resync. */
  connected(url: string): void;
  /** A relevant event arrived. */
  event(type: string): void;
  disconnected(reason: string, retryInMs: number): void;
}

/** Keeps one Marathon event stream open: reconnects with jittered exponential backoff until stopped. */
export class MarathonWatcher {
  private readonly backoff: Backoff;
  private readonly longLivedMs: number;
  private abort?: AbortController;
  private wake?: { timer: TimerHandle; resolve: () => void };
  private loop?: Promise<void>;
  private stopped = false;
  private open = false;

  constructor(
    private readonly source: EventStreamSource,
    private readonly clock: Clock,
    options: WatcherOptions,
    private readonly callbacks: WatcherCallbacks,
    private readonly logger?: Logger,
  ) {
    this.backoff = new Backoff({ initialMs: options.initialMs ?? 3000, maxMs: options.maxMs, factor: options.factor ?? 1.5, random: options.random });
    this.longLivedMs = options.longLivedMs ?? 60_000;
  }

  connected(): boolean {
    return this.open;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    if (this.wake) {
      this.clock.clearTimeout(this.wake.timer);
      this.wake.resolve();
    }
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const startedAt = this.clock.now();
      const reason = await this.streamOnce();
      this.open = false;
      if (this.stopped) return;
      if (this.clock.now() - startedAt >= this.longLivedMs) this.backoff.reset();
      const delay = this.backoff.next();
      this.logger?.warn({ reason, retryInMs: delay }, 'marathon event stream down');
      this.callbacks.disconnected(reason, delay);
      await this.sleep(delay);
    }
  }

  /** One connection, from open to end; resolves with why it ended. */
  private async streamOnce(): Promise<string> {
    this.abort = new AbortController();
    try {
      await this.source.stream(
        {
          onOpen: (url) => {
            this.open = true;
            this.logger?.info({ url }, 'marathon event stream open');
            this.callbacks.connected(url);
          },
          onEvent: (type) => this.callbacks.event(type),
        },
        this.abort.signal,
      );
      return 'stream ended';
    } catch (error) {
      return getErrorMessage(error);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = { timer, resolve };
    });
  }
}
