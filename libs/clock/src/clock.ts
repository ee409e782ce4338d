export type TimerHandle = { readonly id: unknown };

/** Wall-clock time in milliseconds since the epoch, and timers that fire relative to it. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

/** Node timers overflow past 2^31-1 ms (≈24.8 days) and fire at once; longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface SystemTimer {
  id: unknown;
  current?: NodeJS.Timeout;
}

function schedule(timer: SystemTimer, fn: () => void, ms: number): void {
  if (ms > MAX_TIMER_MS) {
    timer.current = setTimeout(() => schedule(timer, fn, ms - MAX_TIMER_MS), MAX_TIMER_MS);
  } else {
    timer.current = setTimeout(fn, Math.max(0, ms));
  }
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer: SystemTimer = { id: undefined };
    timer.id = timer;
    schedule(timer, fn, ms);
    return timer;
  },
  clearTimeout: (handle) => {
    const timer = handle as SystemTimer | undefined;
    if (timer?.current) clearTimeout(timer.current);
  },
};
