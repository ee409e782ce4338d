/** What happens to a job's children when it is deleted (Chronos JobManagementResource DELETE). */
import type { JobDefinition } from './types';

/** The child with `deleted` replaced in place by `inherited`, de-duplicated, never listing itself. */
function inheritParents(child: JobDefinition, deleted: string, inherited: readonly string[]): string[] {
  const parents = child.parents!.flatMap((p) => (p === deleted ? inherited : [p]));
  return [...new Set(parents)].filter((p) => p !== child.name);
}

/** A dependent child of a deleted scheduled job, with no other parent left, takes over that job's schedule. */
function toScheduled(child: JobDefinition, from: JobDefinition): JobDefinition {
  const { parents: _parents, schedule: _schedule, ...rest } = child;
  return {
    ...rest,
    ...(from.schedule !== undefined && { schedule: from.schedule }),
    scheduleTimeZone: from.scheduleTimeZone,
  };
}

/**
 * Children of a deleted dependent job inherit its parents; dependent children of a deleted scheduled job keep their
 * other parents, or become scheduled jobs with its schedule and zone when it was their only one. Returns the updated
 * definitions of the affected children only (none when `deleted` is unknown).
 */
export function rewireOnDelete(jobs: ReadonlyMap<string, JobDefinition>, deleted: string): JobDefinition[] {
  const gone = jobs.get(deleted);
  if (gone === undefined) return [];
  const updated: JobDefinition[] = [];
  for (const child of jobs.values()) {
    if (child.name === deleted || !child.parents?.includes(deleted)) continue;
    const parents = inheritParents(child, deleted, gone.parents ?? []);
    updated.push(parents.length > 0 ? { ...child, parents } : toScheduled(child, gone));
  }
  return updated;
}
