import { Express, NextFunction, Request, Response } from 'express';
import { createHttpApp, serveUi, uiDir } from '@strato/service';
import { MasterContext } from './context';
import { FrameworkManager } from './framework-manager';
import { LeaderGate } from './leader-gate';
import { sandboxRedirect } from './sandbox-route';
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
