import { Logger } from '@strato/service';

/**
 * Progress of a recovery: how many of the agents known from the registry have re-registered. Logs a
 * line at most every `everyMs` while they come back and one when the last known agent is back (one
 * line per agent would be 1,000 lines in a second after a failover; those are at debug level).
 */
export class ReregistrationProgress {
  private back = 0;
  private lastLog: number;
  private readonly start: number;

  constructor(
    private readonly known: number,
    private readonly now: () => number,
    private readonly logger: Logger,
    private readonly everyMs = 1_000,
  ) {
    this.start = now();
    this.lastLog = this.start;
  }

  /** One more known agent is back. */
  agentBack(): void {
    this.back++;
    const now = this.now();
    if (this.back === this.known) {
      this.logger.info({ agents: this.known, ms: now - this.start }, 'every known agent re-registered');
    } else if (this.back < this.known && now - this.lastLog >= this.everyMs) {
      this.lastLog = now;
      this.logger.info({ back: this.back, known: this.known, ms: now - this.start }, 'known agents re-registering');
    }
  }
}
