import type { KillSelection } from './types';

/** Marathon instance conditions (`instance_changed_event.condition`), plus the not-yet-launched ones. */
export type InstanceCondition =
  | 'Scheduled'
  | 'Provisioned'
  | 'Staging'
  | 'Starting'
  | 'Running'
  | 'Killing'
  | 'Unreachable'
  | 'UnreachableInactive'
  | 'Error'
  | 'Failed'
  | 'Finished'
  | 'Killed'
  | 'Gone'
  | 'Dropped'
  | 'Unknown';

/** Anything that can be ordered for killing: lower `rank` dies first, then `killSelection` on `startedAt`. */
export interface KillCandidate {
  readonly id: string;
  readonly rank: number;
  /** Start (or staging) time in ms since the epoch; unknown sorts first, as in Marathon. */
  readonly startedAt?: number;
}

/**
 * Kill rank of an instance (lower dies first), after Marathon `ScalingProposition.sortByConditionAndDate`
 * and its comment "LOST - UNREACHABLE - UNHEALTHY - STAGING - (EVERYTHING ELSE)": instances that are
 * not running at all (scheduled, terminal awaiting relaunch, already killing) cost nothing to drop;
 * then unreachable, unhealthy, staging, starting, and healthy (or unchecked) running ones.
 */
export function killRank(condition: InstanceCondition, healthy: boolean | undefined): number {
  switch (condition) {
    case 'Unreachable':
      return 1;
    case 'Staging':
      return 3;
    case 'Starting':
      return 4;
    case 'Running':
      return healthy === false ? 2 : 5;
    default:
      return 0;
  }
}

/** Comparator: who is killed first. Ties on rank go by `killSelection`, then by id (determinism). */
export function killOrder(killSelection: KillSelection): (a: KillCandidate, b: KillCandidate) => number {
  return (a, b) => {
    if (a.rank !== b.rank) return a.rank - b.rank;
    if (a.startedAt !== b.startedAt) {
      if (a.startedAt === undefined) return -1;
      if (b.startedAt === undefined) return 1;
      return killSelection === 'YOUNGEST_FIRST' ? b.startedAt - a.startedAt : a.startedAt - b.startedAt;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
