// Chronos' REST API as the UI uses it (same origin; a standby proxies to the leader).
import { getJson, request } from '@strato/ui';

/** A job as `GET /scheduler/jobs` returns it (the fields the UI reads; the rest is kept when re-posted). */
export interface Job {
  name: string;
  command: string;
  schedule?: string;
  scheduleTimeZone?: string;
  parents?: string[];
  owner: string;
  description: string;
  cpus: number;
  mem: number;
  disk: number;
  disabled: boolean;
  retries: number;
  successCount: number;
  errorCount: number;
  errorsSinceLastSuccess: number;
  lastSuccess: string;
  lastError: string;
  nextRun?: string;
  [field: string]: unknown;
}

/** One entry of `GET /scheduler/jobs/summary`. */
export interface JobSummary {
  name: string;
  /** Last outcome: success, failure or fresh. */
  status: string;
  /** idle, queued, running or `N running`. */
  state: string;
  disabled: boolean;
}

/** A run of `GET /scheduler/job/{name}/runs` (times ISO-8601 UTC). */
export interface Run {
  taskId: string;
  due: string;
  attempt: number;
  arguments: string;
  state: string;
  launched?: string;
  started?: string;
  ended?: string;
  agentId?: string;
  hostname?: string;
  message?: string;
}

export interface RunsPage {
  jobName: string;
  total: number;
  runs: Run[];
  active: Run[];
}

const job = (name: string): string => `/scheduler/job/${encodeURIComponent(name)}`;

export const api = {
  jobs: () => getJson<Job[]>('/scheduler/jobs'),
  summary: async () => (await getJson<{ jobs: JobSummary[] }>('/scheduler/jobs/summary')).jobs,
  job: (name: string) => getJson<Job>(job(name)),
  runs: (name: string, limit = 50) => getJson<RunsPage>(`${job(name)}/runs?offset=0&limit=${limit}`),
  graphCsv: () => fetchText('/scheduler/graph/csv'),
  /** Creates or replaces: `/scheduler/dependency` for a job with parents, `/scheduler/iso8601` otherwise. */
  save: (body: Record<string, unknown>) => request<void>('POST', Array.isArray(body.parents) && body.parents.length > 0 ? '/scheduler/dependency' : '/scheduler/iso8601', body),
  runNow: (name: string) => request<void>('PUT', job(name)),
  remove: (name: string) => request<void>('DELETE', job(name)),
};

/** The graph routes answer text/plain; `request` would hand back the text too, but typed as unknown. */
async function fetchText(url: string): Promise<string> {
  const text = await request<unknown>('GET', url);
  return typeof text === 'string' ? text : '';
}
