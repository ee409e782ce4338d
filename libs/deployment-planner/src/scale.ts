import { killOrder, killRank, type InstanceCondition } from './kill-order';
import type { KillSelection } from './types';

/** One instance of the app with goal Running, as the scale decision sees it. */
export interface ScaleInstance {
  readonly id: string;
  readonly state: InstanceCondition;
  /** Health-check verdict; undefined when the app has no health checks or none has answered yet. */
  readonly healthy?: boolean;
  /** Start (or staging) time in ms since the epoch. */
  readonly startedAt?: number;
}

export interface ScaleDecision {
  /** How many new instances to queue. */
  readonly launch: number;
  /** Instances to kill (decommission), in kill order. */
  readonly kill: readonly string[];
}

/**
 * What to launch or kill so that `target` instances run (Marathon `ScalingProposition.propose`).
 * `UnreachableInactive` instances do not count (a replacement runs already) and are never picked.
 * `sentenced` instances (kill-and-scale) are killed first and replaced if that leaves too few;
 * otherwise instances are only killed when there are more than `target`, in `killRank` order with
 * ties broken by `killSelection` (YOUNGEST_FIRST kills the most recently started).
 */
export function scaleDecision(
  current: readonly ScaleInstance[],
  target: number,
  killSelection: KillSelection,
  sentenced: readonly string[] = [],
): ScaleDecision {
  const counted = current.filter((instance) => instance.state !== 'UnreachableInactive');
  const doomed = new Set(sentenced);
  const sentencedHere = counted.filter((instance) => doomed.has(instance.id)).map((instance) => instance.id);
  const rest = counted
    .filter((instance) => !doomed.has(instance.id))
    .map((instance) => ({ id: instance.id, rank: killRank(instance.state, instance.healthy), startedAt: instance.startedAt }))
    .sort(killOrder(killSelection))
    .map((candidate) => candidate.id);
  const killCount = Math.max(counted.length - Math.max(0, target), sentencedHere.length);
  const kill = [...sentencedHere, ...rest].slice(0, killCount);
  return { launch: Math.max(0, target) - counted.length + killCount, kill };
}
