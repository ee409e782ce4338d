import type { MatchResult } from './request';
import { REASON_FUNNEL } from './types';
import type { NoOfferMatchReason, PlacementOffer } from './types';

/** One row of Marathon's `rejectSummaryLastOffers`: of `processed` offers reaching this step, `declined` stopped here. */
export interface DeclinedOfferStep {
  readonly reason: NoOfferMatchReason;
  readonly declined: number;
  readonly processed: number;
}

export interface UnusedOffer {
  readonly offer: { readonly id: string; readonly agentId: string; readonly hostname: string };
  readonly reason: readonly NoOfferMatchReason[];
  readonly timestamp: string;
}

/** Marathon's `processedOffersSummary` plus `lastUnusedOffers` of a `/v2/queue` item. */
export interface OfferMatchSummary {
  readonly processedOffersCount: number;
  readonly unusedOffersCount: number;
  readonly lastUnusedOfferAt?: string;
  readonly lastUsedOfferAt?: string;
  /** Over the last unused offer of each agent. */
  readonly rejectSummaryLastOffers: readonly DeclinedOfferStep[];
  /** Over every offer processed since the launch attempt started. */
  readonly rejectSummaryLaunchAttempt: readonly DeclinedOfferStep[];
  /** The most recent unused offers, newest first, at most one per agent. */
  readonly lastUnusedOffers: readonly UnusedOffer[];
}

export interface OfferMatchStatsOptions {
  /** How many unused offers `lastUnusedOffers` shows (default 10). */
  readonly lastUnusedOffersLimit?: number;
  /** How many agents' last unused offers feed `rejectSummaryLastOffers` (default 1000; the oldest are forgotten). */
  readonly trackedAgentsLimit?: number;
}

interface UnusedEntry {
  readonly unused: UnusedOffer;
  /** The reason the offer is counted under: its first one in funnel order. */
  readonly funnelReason: NoOfferMatchReason;
}

/**
 * Offer-match statistics of one app's launch attempt (Marathon's OfferMatchStatistics). Feed it every match result;
 * it keeps no clock: `now` (ms since the epoch) comes with each record. Start a new one per launch attempt.
 */
export class OfferMatchStats {
  private processed = 0;
  private unused = 0;
  private lastUnusedAt: number | undefined;
  private lastUsedAt: number | undefined;
  private readonly launchAttempt = new Map<NoOfferMatchReason, number>();
  /** Last unused offer per agent; Map order is insertion order, so re-inserting keeps it newest-last. */
  private readonly lastByAgent = new Map<string, UnusedEntry>();

  constructor(private readonly options: OfferMatchStatsOptions = {}) {}

  record(result: MatchResult, offer: Pick<PlacementOffer, 'id' | 'agentId' | 'hostname'>, now: number): void {
    this.processed++;
    if (result.ok) {
      this.lastUsedAt = now;
      return;
    }
    this.unused++;
    this.lastUnusedAt = now;
    const reasons = funnelOrder(result.reasons.map((r) => r.reason));
    if (reasons.length === 0) return;
    this.launchAttempt.set(reasons[0], (this.launchAttempt.get(reasons[0]) ?? 0) + 1);
    const unused: UnusedOffer = {
      offer: { id: offer.id, agentId: offer.agentId, hostname: offer.hostname },
      reason: reasons,
      timestamp: new Date(now).toISOString(),
    };
    this.lastByAgent.delete(offer.agentId);
    this.lastByAgent.set(offer.agentId, { unused, funnelReason: reasons[0] });
    this.forgetOldAgents();
  }

  summary(): OfferMatchSummary {
    const entries = [...this.lastByAgent.values()];
    const lastOffers = new Map<NoOfferMatchReason, number>();
    for (const e of entries) lastOffers.set(e.funnelReason, (lastOffers.get(e.funnelReason) ?? 0) + 1);
    const limit = this.options.lastUnusedOffersLimit ?? 10;
    return {
      processedOffersCount: this.processed,
      unusedOffersCount: this.unused,
      ...(this.lastUnusedAt === undefined ? {} : { lastUnusedOfferAt: new Date(this.lastUnusedAt).toISOString() }),
      ...(this.lastUsedAt === undefined ? {} : { lastUsedOfferAt: new Date(this.lastUsedAt).toISOString() }),
      rejectSummaryLastOffers: declinedOfferSteps(entries.length, lastOffers),
      rejectSummaryLaunchAttempt: declinedOfferSteps(this.processed, this.launchAttempt),
      lastUnusedOffers: entries.slice(-limit).reverse().map((e) => e.unused),
    };
  }

  private forgetOldAgents(): void {
    const limit = this.options.trackedAgentsLimit ?? 1000;
    for (const agentId of this.lastByAgent.keys()) {
      if (this.lastByAgent.size <= limit) break;
      this.lastByAgent.delete(agentId);
    }
  }
}

/** Distinct reasons sorted by the funnel. */
function funnelOrder(reasons: readonly NoOfferMatchReason[]): NoOfferMatchReason[] {
  return REASON_FUNNEL.filter((r) => reasons.includes(r));
}

/** Marathon's `declinedOfferSteps`: each step sees the offers that earlier steps did not decline. */
export function declinedOfferSteps(
  processedOffers: number,
  declinedBy: ReadonlyMap<NoOfferMatchReason, number>,
): DeclinedOfferStep[] {
  let processed = processedOffers;
  return REASON_FUNNEL.map((reason) => {
    const declined = declinedBy.get(reason) ?? 0;
    const step = { reason, declined, processed };
    processed -= declined;
    return step;
  });
}
