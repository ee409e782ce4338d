import type { IdGen } from '@strato/clock';
import type { Offer, TaskInfo } from '@strato/domain';
import type { Resources, Shortfall } from '@strato/resources';
import { taskFor, TaskRequest } from './task-builder';
import type { Filters } from './types';

interface PooledOffer {
  readonly offer: Offer;
  remaining: Resources;
  readonly tasks: TaskInfo[];
}

/** Why one offer could not take a task. */
export interface OfferRejection {
  readonly offerId: string;
  readonly hostname: string;
  /** Empty when the `where` predicate refused the offer. */
  readonly shortfalls: Shortfall[];
  readonly message: string;
}

export type Placement =
  | { readonly ok: true; readonly task: TaskInfo; readonly offer: Offer; readonly ports: number[] }
  | { readonly ok: false; readonly rejections: OfferRejection[]; readonly message: string };

export interface OfferPlan {
  readonly launches: { readonly offer: Offer; readonly tasks: TaskInfo[] }[];
  /** Offers nothing was placed in. */
  readonly unused: Offer[];
}

export interface LaunchOutcome {
  readonly offer: Offer;
  readonly tasks: TaskInfo[];
  /** Why the ACCEPT failed; absent when the master took it (the tasks' fate comes as updates). */
  readonly error?: unknown;
}

export interface SubmitResult {
  readonly launches: LaunchOutcome[];
  /** The launches whose ACCEPT failed. */
  readonly failed: LaunchOutcome[];
  readonly declined: Offer[];
  readonly declineError?: unknown;
}

/** The part of the driver a pool needs to hand its offers back. */
export interface OfferSink {
  launch(offerIds: string | readonly string[], tasks: readonly TaskInfo[], filters?: Filters): Promise<void>;
  decline(offerIds: string | readonly string[], filters?: Filters): Promise<void>;
}

/**
 * Offers being filled with tasks: remembers what is left in each offer as tasks are placed, then
 * launches what was placed and declines the rest in one `submit`.
 */
export class OfferPool {
  private readonly entries = new Map<string, PooledOffer>();

  constructor(offers: readonly Offer[] = [], private readonly options: { readonly ids?: IdGen } = {}) {
    this.add(offers);
  }

  add(offers: readonly Offer[]): void {
    for (const offer of offers) this.entries.set(offer.id, { offer, remaining: offer.resources, tasks: [] });
  }

  /** Forgets a rescinded offer, with the tasks placed in it; returns those tasks. */
  remove(offerId: string): TaskInfo[] {
    const entry = this.entries.get(offerId);
    this.entries.delete(offerId);
    return entry?.tasks ?? [];
  }

  get size(): number {
    return this.entries.size;
  }

  offers(): Offer[] {
    return [...this.entries.values()].map((e) => e.offer);
  }

  /** What is still free in an offer. */
  remaining(offerId: string): Resources | undefined {
    return this.entries.get(offerId)?.remaining;
  }

  /**
   * Places a task in the first offer (in arrival order) that `where` accepts and that has room,
   * and keeps its resources. When none fits, explains each offer's refusal.
   */
  place(request: TaskRequest, where?: (offer: Offer, remaining: Resources) => boolean): Placement {
    const rejections: OfferRejection[] = [];
    for (const entry of this.entries.values()) {
      const { offer } = entry;
      if (where && !where(offer, entry.remaining)) {
        rejections.push({ offerId: offer.id, hostname: offer.hostname, shortfalls: [], message: `offer ${offer.id} on ${offer.hostname}: refused by the placement rule` });
        continue;
      }
      const fit = taskFor(offer, request, { ids: this.options.ids, available: entry.remaining });
      if (fit.ok) {
        entry.remaining = fit.remaining;
        entry.tasks.push(fit.task);
        return { ok: true, task: fit.task, offer, ports: fit.ports };
      }
      rejections.push({ offerId: offer.id, hostname: offer.hostname, shortfalls: fit.shortfalls, message: fit.message });
    }
    const message = rejections.length
      ? `task '${request.name}' fits no offer: ${rejections.map((r) => r.message).join(' | ')}`
      : `task '${request.name}' fits no offer: no offers`;
    return { ok: false, rejections, message };
  }

  plan(): OfferPlan {
    const entries = [...this.entries.values()];
    return {
      launches: entries.filter((e) => e.tasks.length > 0).map((e) => ({ offer: e.offer, tasks: [...e.tasks] })),
      unused: entries.filter((e) => e.tasks.length === 0).map((e) => e.offer),
    };
  }

  /**
   * Launches the placed tasks (one ACCEPT per offer; leftovers are declined with `filters`) and
   * declines unused offers with `filters`, then empties the pool: offers are single-use. Never
   * rejects: each failed call is reported with its offer and tasks. A failed ACCEPT may still
   * have reached the master (a timeout): reconcile its tasks before launching them again.
   */
  async submit(driver: OfferSink, filters?: Filters): Promise<SubmitResult> {
    const { launches, unused } = this.plan();
    this.entries.clear();
    const launching = launches.map(async (l): Promise<LaunchOutcome> => {
      try {
        await driver.launch(l.offer.id, l.tasks, filters);
        return l;
      } catch (error) {
        return { ...l, error };
      }
    });
    const declining = unused.length ? driver.decline(unused.map((o) => o.id), filters).then(() => undefined, (error: unknown) => error) : undefined;
    const outcomes = await Promise.all(launching);
    const declineError = await declining;
    return { launches: outcomes, failed: outcomes.filter((o) => o.error !== undefined), declined: unused, declineError };
  }
}
