import { Request, Response } from 'express';
import { MasterContext } from './context';

const SANDBOX_FILES = new Set(['stdout', 'stderr']);

/**
 * `GET /master/sandbox?agent_id=&framework_id=&task_id=&file=stdout|stderr`: the web UI's link to a
 * task's output. Mesos' UI reads the executor's `directory` from the agent's `/state` in the browser;
 * Strato agents send no CORS headers, so the master reads it and answers 307 to the agent's
 * `/files/download?path=<directory>/<file>`.
 */
export async function sandboxRedirect(ctx: MasterContext, req: Request, res: Response): Promise<void> {
  const { agent_id: agentId, framework_id: frameworkId, task_id: taskId, file = 'stdout' } = req.query;
  if (typeof agentId !== 'string' || typeof frameworkId !== 'string' || typeof taskId !== 'string' || typeof file !== 'string' || !SANDBOX_FILES.has(file)) {
    return void res.status(400).json({ message: "Expecting 'agent_id', 'framework_id', 'task_id' and 'file' (stdout or stderr)" });
  }
  const agent = ctx.state.agents.get(agentId);
  if (!agent) return void res.status(404).json({ message: `Unknown agent '${agentId}'` });
  const base = `http://${agent.hostname}:${agent.port}`;
  let state: AgentStateJson;
  try {
    const answer = await fetch(`${base}/state`, { signal: AbortSignal.timeout(5_000) });
    if (!answer.ok) throw new Error(`answered ${answer.status}`);
    state = (await answer.json()) as AgentStateJson;
  } catch (error) {
    return void res.status(502).json({ message: `Agent ${agent.hostname}:${agent.port} did not give its state: ${(error as Error).message}` });
  }
  const directory = executorDirectory(state, frameworkId, taskId);
  if (!directory) return void res.status(404).json({ message: `No sandbox of task '${taskId}' on agent ${agent.hostname}:${agent.port}` });
  res.redirect(307, `${base}/files/download?path=${encodeURIComponent(`${directory}/${file}`)}`);
}

interface AgentStateJson {
  frameworks?: { id: string; executors?: { id: string; directory?: string | null }[]; completed_executors?: { id: string; directory?: string | null }[] }[];
  completed_frameworks?: AgentStateJson['frameworks'];
}

/** The sandbox of a task's executor (Strato runs each task as its own executor, named after the task). */
function executorDirectory(state: AgentStateJson, frameworkId: string, executorId: string): string | undefined {
  const frameworks = [...(state.frameworks ?? []), ...(state.completed_frameworks ?? [])].filter((f) => f.id === frameworkId);
  const executors = frameworks.flatMap((f) => [...(f.executors ?? []), ...(f.completed_executors ?? [])]);
  return executors.find((e) => e.id === executorId && e.directory)?.directory ?? undefined;
}
