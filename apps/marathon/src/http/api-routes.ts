import { Express } from 'express';
import type { MarathonCore } from '../core/core';
import { appsRoutes, type RoutesOptions } from './apps-routes';
import { deploymentsRoutes } from './deployments-routes';
import { groupsRoutes } from './groups-routes';
import { queueRoutes } from './queue-routes';
import { tasksRoutes } from './tasks-routes';

export type { RoutesOptions } from './apps-routes';

/** Every `/v2` route backed by `MarathonCore` (apps, groups, tasks, deployments, queue). Register before the error handlers. */
export function marathonApiRoutes(app: Express, core: MarathonCore, options: RoutesOptions): void {
  appsRoutes(app, core, options);
  groupsRoutes(app, core, options);
  tasksRoutes(app, core);
  deploymentsRoutes(app, core);
  queueRoutes(app, core);
}
