import { notFound } from '@strato/errors';
import { Express } from 'express';
import type { MarathonCore } from '../core/core';
import { queryBoolean, sendDeployment } from './params';

export const DEPLOYMENT_MESSAGES = {
  unknown: (id: string) => `DeploymentPlan ${id} does not exist`,
} as const;

/** `GET /v2/deployments`, `DELETE /v2/deployments/{id}` (`force=true`: 202 stop; else 200 rollback deployment). */
export function deploymentsRoutes(app: Express, core: MarathonCore): void {
  app.get('/v2/deployments', (_req, res) => {
    res.json(core.deployments());
  });
  app.delete('/v2/deployments/:id', async (req, res) => {
    const force = queryBoolean(req, 'force', false);
    const id = req.params.id;
    if (!core.deployments().some((d) => d.id === id)) throw notFound(DEPLOYMENT_MESSAGES.unknown(id));
    const result = await core.cancelDeployment(id, { force });
    if (result === undefined) res.status(202).end();
    else sendDeployment(res, result);
  });
}
