import { createHttpApp } from '@strato/service';
import { Express, NextFunction, Request, Response } from 'express';
import { filesRouter } from './files-api';

/** What the HTTP endpoints read from the agent. */
export interface AgentView {
  readonly workDir: string;
  state(): Record<string, unknown>;
  health(): { readonly healthy: boolean; readonly [key: string]: unknown };
  metrics(): Record<string, number>;
  flags(): Record<string, unknown>;
  statistics(): unknown[];
}

/** The agent's endpoints (Mesos paths, also under `/slave(1)/...`), sandbox file access included. */
export function createHttpApi(view: AgentView): Express {
  const app = createHttpApp();
  const alias = (path: string) => [path, new RegExp(`^/slave\\(1\\)${path.replace(/\//g, '\\/')}$`)];
  app.get(alias('/state'), (_req, res) => {
    res.json(view.state());
  });
  app.get(alias('/health'), (req, res) => {
    const health = view.health();
    const status = health.healthy ? 200 : 503;
    if (req.query.detail !== undefined) res.status(status).json(health);
    else res.status(status).type('text/plain').send(health.healthy ? 'OK' : 'Not running');
  });
  app.get(['/metrics/snapshot', '/metrics/snapshot.json'], (_req, res) => {
    res.json(view.metrics());
  });
  app.get(alias('/flags'), (_req, res) => {
    res.json({ flags: view.flags() });
  });
  app.get(alias('/monitor/statistics'), (_req, res) => {
    res.json(view.statistics());
  });
  app.use(filesRouter(view.workDir));
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ message: 'Not found' });
  });
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ message: error.message });
  });
  return app;
}
