import { Express, Request, Response } from 'express';
import { createHttpApp } from '@strato/service';
import { MasterContext } from './context';
import { FrameworkManager } from './framework-manager';
import { agentJson, masterStateJson, taskJson } from './state-json';

/** The master's HTTP API on --port (Mesos paths, also reachable without the `/master` prefix). */
export function masterHttpApi(ctx: MasterContext, frameworks: FrameworkManager): Express {
  const app = createHttpApp();
  const both = (path: string, handler: (req: Request, res: Response) => void) => {
    app.get(`/master${path}`, handler);
    app.get(path, handler);
  };
  both('/state', (_req, res) => res.json(masterStateJson(ctx, frameworks)));
  both('/slaves', (_req, res) => res.json({ slaves: [...ctx.state.agents.values()].map((a) => agentJson(ctx, a)) }));
  both('/tasks', (req, res) => {
    const limit = Math.max(0, Number(req.query.limit ?? 100)) || 100;
    res.json({ tasks: [...ctx.state.tasks.values()].slice(0, limit).map(taskJson) });
  });
  both('/health', (_req, res) => res.type('text/plain').send('OK'));
  both('/redirect', (_req, res) => res.redirect(307, `http://${ctx.masterInfo.hostname}:${ctx.masterInfo.port}`));
  app.get('/metrics/snapshot', (_req, res) => res.json(ctx.metrics.snapshot()));
  app.get('/metrics', (_req, res) => res.type('text/plain').send(ctx.metrics.prometheus()));
  app.get('/version', (_req, res) => res.json({ version: ctx.masterInfo.version, build_user: 'strato', git_sha: '' }));
  app.get('/', (_req, res) =>
    res.type('text/plain').send(`Strato master ${ctx.masterInfo.id}\nstate: /master/state\nmetrics: /metrics/snapshot\n`),
  );
  app.use((_req: Request, res: Response) => res.status(404).json({ message: 'Not found' }));
  return app;
}
