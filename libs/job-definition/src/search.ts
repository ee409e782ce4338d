/** Chronos' GET /jobs/search (JobManagementResource.search). */
import { fail } from './fields';

export interface SearchQuery {
  readonly name?: string;
  readonly command?: string;
  readonly any?: string;
  readonly limit?: string;
  readonly offset?: string;
}

/** A query parameter that must be a non-negative integer; absent or '' (`?limit=`) gives the default. */
function count(value: string | undefined, param: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) return fail(`Invalid ${param} '${value}': must be a non-negative integer`);
  return Number(value);
}

function contains(text: string, needle: string | undefined): boolean {
  return needle === undefined || text.toLowerCase().includes(needle.toLowerCase());
}

/**
 * Case-insensitive substring search: `name` and `command` are ANDed; `any` matches name OR command and overrides
 * both. Then `offset` (default 0) and `limit` (default 10). Matching jobs come back in input order.
 */
export function searchJobs<T extends { readonly name: string; readonly command: string }>(
  jobs: readonly T[],
  query: SearchQuery,
): T[] {
  const limit = count(query.limit, 'limit', 10);
  const offset = count(query.offset, 'offset', 0);
  const { any } = query;
  const matches = jobs.filter((job) =>
    any !== undefined
      ? contains(job.name, any) || contains(job.command, any)
      : contains(job.name, query.name) && contains(job.command, query.command),
  );
  return matches.slice(offset, offset + limit);
}
