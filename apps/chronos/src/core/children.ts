import type { JobBook } from './job-book';
import { planParentSucceeded } from './plan';
import type { JobRecord } from './types';

/**
 * Parents that succeeded (or failed softly) count for their dependent jobs; a child whose parents
 * have all succeeded since it last ran gets a run. Changed children go into `changed`.
 */
export function fireChildren(book: JobBook, changed: Map<string, JobRecord>, parents: readonly string[], nowMs: number): void {
  for (const parent of parents) {
    for (const child of book.childrenOf(parent)) {
      const record = changed.get(child) ?? book.get(child);
      if (!record) continue;
      const decision = planParentSucceeded(record, parent, nowMs);
      if (decision.record !== record) changed.set(child, decision.record);
    }
  }
}
