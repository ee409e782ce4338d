import { restartBounds } from './capacity';
import { killOrder } from './kill-order';
import type { KillSelection, UpgradeStrategy } from './types';

/** An instance of the old config that has not terminated yet. */
export interface OldInstance {
  readonly id: string;
  /** Healthy (and, with readiness checks, ready); false for staging, unhealthy or unknown. */
  readonly healthy: boolean;
  /** ms since the epoch; orders kills by `killSelection` among equally healthy old instances. */
  readonly startedAt?: number;
  /** A kill was already issued: still holds capacity until it terminates, no longer counts as healthy. */
  readonly killing?: boolean;
}

/** An instance of the new config with goal Running (queued or launched). */
export interface NewInstance {
  readonly id: string;
  /** Healthy (if the app has health checks, else running) and ready (if it has readiness checks). */
  readonly healthyAndReady: boolean;
  /** False while it still waits in the launch queue for an offer. */
  readonly launched: boolean;
}

export interface RestartState {
  readonly targetInstances: number;
  readonly old: readonly OldInstance[];
  readonly new: readonly NewInstance[];
}

export interface RestartStrategy extends UpgradeStrategy {
  /** Which healthy old instance goes first; default YOUNGEST_FIRST (the app's `killSelection`). */
  readonly killSelection?: KillSelection;
}

export interface RestartDecision {
  /** Old instances to kill now: unhealthy ones first, then healthy ones down to minHealthy. */
  readonly killOld: readonly string[];
  /** New instances beyond `targetInstances` (left over by a forced deployment) to kill now. */
  readonly killNew: readonly string[];
  /** How many new instances to queue now. */
  readonly launchNew: number;
  /** All target instances are new, healthy and ready, and no old instance is left. */
  readonly done: boolean;
}

/**
 * One decision of a rolling restart (Marathon `TaskReplaceActor`), level-triggered: call it with the
 * current state after every change (instance launched, healthy/ready, terminated) and apply what it
 * says; it never relies on remembering earlier calls, so it also resumes after a failover.
 *
 * - healthy = old healthy and not killing + new healthy and ready. Healthy old instances are killed
 *   only while healthy stays ≥ minHealthy; unhealthy old ones are killed at once (they do not count).
 *   At the start that kills down to minHealthy; later one more for each new instance that turns
 *   healthy and ready.
 * - new instances are queued while old + new (killing ones included, until they terminate) stays
 *   ≤ maxCapacity, and never more than `targetInstances` of them.
 */
export function restartDecision(state: RestartState, strategy: RestartStrategy): RestartDecision {
  const n = Math.max(0, state.targetInstances);
  const { minHealthy, effectiveMaxCapacity } = restartBounds(n, strategy);
  const order = killOrder(strategy.killSelection ?? 'YOUNGEST_FIRST');

  const killNew = surplusNew(state.new, n);
  const keptNew = state.new.filter((instance) => !killNew.includes(instance.id));
  const newHealthy = keptNew.filter((instance) => instance.healthyAndReady).length;

  const alive = state.old.filter((instance) => !instance.killing);
  const candidates = alive
    .map((instance) => ({ id: instance.id, rank: instance.healthy ? 1 : 0, startedAt: instance.startedAt }))
    .sort(order);
  const unhealthy = candidates.filter((c) => c.rank === 0);
  const healthy = candidates.filter((c) => c.rank === 1);
  const spareHealthy = Math.max(0, healthy.length + newHealthy - minHealthy);
  const killOld = [...unhealthy, ...healthy.slice(0, spareHealthy)].map((c) => c.id);

  const room = effectiveMaxCapacity - state.old.length - state.new.length;
  const launchNew = Math.max(0, Math.min(n - keptNew.length, room));
  const done = state.old.length === 0 && state.new.length === n && newHealthy === n;
  return { killOld, killNew, launchNew, done };
}

/** New instances beyond the target: queued ones first, then not yet healthy, then by id. */
function surplusNew(instances: readonly NewInstance[], target: number): string[] {
  if (instances.length <= target) return [];
  const rank = (i: NewInstance): number => (!i.launched ? 0 : i.healthyAndReady ? 2 : 1);
  return [...instances]
    .sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, instances.length - target)
    .map((instance) => instance.id);
}
