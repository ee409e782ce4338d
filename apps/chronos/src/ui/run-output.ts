// Links to a run's output (pure: no DOM, unit-tested in run-output.spec.ts).

/** The sandbox files a run's output link opens. */
export const OUTPUT_FILES = ['stdout', 'stderr'] as const;
export type OutputFile = (typeof OUTPUT_FILES)[number];

/**
 * Chronos' `GET /scheduler/job/{name}/runs/{taskId}/{file}`: 307 to the leading master's `/master/sandbox`, which
 * redirects on to the agent's `/files/download`; a plain link follows the chain. Undefined for a run not yet
 * launched on an agent (it has no sandbox).
 */
export function runOutputHref(jobName: string, run: { taskId: string; agentId?: string }, file: OutputFile): string | undefined {
  if (!run.agentId) return undefined;
  return `/scheduler/job/${encodeURIComponent(jobName)}/runs/${encodeURIComponent(run.taskId)}/${file}`;
}
