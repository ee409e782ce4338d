export interface BackoffOptions {
  /** First delay in ms. */
  readonly initialMs: number;
  /** Upper bound for any delay in ms. */
  readonly maxMs: number;
  /** Growth per attempt (default 2). */
  readonly factor?: number;
  /** Random source in [0, 1) for jitter; without it delays are exact. */
  readonly random?: () => number;
}

/** Truncated exponential backoff: initial, initial×factor, … capped at max, optionally jittered. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions) {}

  next(): number {
    const { initialMs, maxMs, factor = 2, random } = this.options;
    const base = Math.min(maxMs, initialMs * Math.pow(factor, this.attempt));
    this.attempt++;
    return random ? Math.round(base / 2 + (random() * base) / 2) : base;
  }

  reset(): void {
    this.attempt = 0;
  }
}
