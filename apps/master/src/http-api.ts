import { Express, NextFunction, Request, Response } from 'express';
import { createHttpApp, serveUi, uiDir } from '@strato/service';
import { MasterContext } from './context';
import { FrameworkManager } from './framework-manager';
import { LeaderGate } from './leader-gate';
import { agentJson, masterStateJson, taskJson } from './state-json';

/** Answered by every master from its own view, leader or not (the web UI's files included). */
const LOCAL_PATHS = new Set(['/', '/app.js', '/app.js.map', '/style.css', '/health', '/master/health', '/redirect', '/master/redirect', '/metrics', '/metrics/snapshot', '/version']);

/** The master's HTTP API on --port (Mesos paths, also reachable without the `/master` prefix). */
export function masterHttpApi(ctx: MasterContext, frameworks: FrameworkManager): Express {
  const app = createHttpApp();
  app.use(standbyRedirect(ctx.gate));
  const both = (path: string, handler: (req: Request, res: Response) => void) => {
    app.get(`/master${path}`, handler);
    app.get(path, handler);
  };
  both('/state', (_req, res) => res.json(masterStateJson(ctx, frameworks)));
  both('/state.json', (_req, res) => res.json(masterStateJson(ctx, frameworks)));
  both('/slaves', (_req, res) => res.json({ slaves: [...ctx.state.agents.values()].map((a) => agentJson(ctx, a)) }));
  both('/tasks', (req, res) => {
    const limit = Math.max(0, Number(req.query.limit ?? 100)) || 100;
    res.json({ tasks: [...ctx.state.tasks.values()].slice(0, limit).map(taskJson) });
  });
  both('/health', (_req, res) => {
    const leader = ctx.gate.leader();
    res.json({ healthy: true, role: ctx.gate.role, leader: leader ? `${leader.hostname}:${leader.port}` : null });
  });
  both('/redirect', (_req, res) => {
    const leader = leaderUrl(ctx.gate);
    if (!leader) return res.status(503).json({ message: 'no leading master' });
    res.redirect(307, leader);
  });
  app.get('/metrics/snapshot', (_req, res) => res.json(ctx.metrics.snapshot()));
  app.get('/metrics', (_req, res) => res.type('text/plain').send(ctx.metrics.prometheus()));
  app.get('/version', (_req, res) => res.json({ version: ctx.masterInfo.version, build_user: 'strato', git_sha: '' }));
  app.get('/master/sandbox', (req, res) => void sandboxRedirect(ctx, req, res));
  // The web UI (`#/…` routes): `/` answers its index.html, its files are served beside it.
  serveUi(app, '/', uiDir(__dirname));
  app.use((_req: Request, res: Response) => res.status(404).json({ message: 'Not found' }));
  return app;
}

const SANDBOX_FILES = new Set(['stdout', 'stderr']);

/**
 * `GET /master/sandbox?agent_id=&framework_id=&task_id=&file=stdout|stderr`: the web UI's link to a
 * task's output. Mesos' UI reads the executor's `directory` from the agent's `/state` in the browser;
 * Strato agents send no CORS headers, so the master reads it and answers 307 to the agent's
 * `/files/download?path=<directory>/<file>`.
 */
async function sandboxRedirect(ctx: MasterContext, req: Request, res: Response): Promise<void> {
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

/** `http://<host>:<port>` of the leading master (this one while it leads or runs standalone). */
function leaderUrl(gate: LeaderGate): string | undefined {
  const leader = gate.leader();
  return leader && leader.port > 0 ? `http://${leader.hostname}:${leader.port}` : undefined;
}

/**
 * A master that does not lead sends every request but the local ones to the same path on the
 * leader (307 keeps the method), as Mesos' standbys do; 503 while no leader is known. A leader that
 * is still recovering answers itself: partial state, as Mesos shows during a failover.
 */
function standbyRedirect(gate: LeaderGate) {
  return (req: Request, res: Response, next: NextFunction) => {
    const role = gate.role;
    if (role === 'standalone' || role === 'leading' || role === 'recovering' || LOCAL_PATHS.has(req.path)) return next();
    const leader = leaderUrl(gate);
    if (!leader) return res.status(503).json({ message: 'no leading master' });
    res.redirect(307, `${leader}${req.originalUrl}`);
  };
}
