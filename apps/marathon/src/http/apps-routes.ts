import {
  INVALID_OBJECT_MESSAGE,
  applyUpdate,
  appToJson,
  isRollback,
  isSelfOrDescendantOf,
  isRoot,
  mergeViolations,
  resolvePath,
  rollback,
  validateApp,
  type AppDefinition,
  type AppValidationResult,
  type Violation,
} from '@strato/app-definition';
import { notFound } from '@strato/errors';
import { Express, NextFunction, Request, Response } from 'express';
import type { DeploymentResult, MarathonCore } from '../core/core';
import { appInfo, listEmbed, singleEmbed } from './app-json';
import { parseAppPath } from './app-path';
import { appInfoJson } from './app-info-text';
import { listJson, sendJson } from './json-text';
import { parseLabelSelector, type LabelSelector } from './label-selector';
import { BadRequestError } from './errors';
import { DEPLOYMENT_HEADER, embedded, isDeploymentResult, queryBoolean, queryString, queryValues, requestOrigin, sendDeployment } from './params';

export interface RoutesOptions {
  /** Version time of every change. */
  readonly now: () => Date;
  /** `--enable_features` (`secrets`, `gpu_resources`). */
  readonly features?: readonly string[];
  /** Reject unknown fields (default true); false drops them as Marathon did. */
  readonly strict?: boolean;
}

export const APP_MESSAGES = {
  unknownApp: (id: string) => `App '${id}' does not exist`,
  unknownVersion: (id: string, version: string) => `App '${id}' does not exist in version ${version}`,
  unknownGroup: (id: string) => `Group '${id}' does not exist`,
  unknownTask: (id: string) => `Task '${id}' does not exist`,
  scaleAndWipe: 'You cannot use scale and wipe at the same time.',
} as const;

/** `Location` of a created app: the app id, as Marathon's `Response.created(new URI(app.id))` (notes §1.2). */
export function appLocation(id: string): string {
  return id;
}

type Failure = Extract<AppValidationResult, { ok: false }>;

/**
 * `/v2/apps`, `/v2/apps/{id}`, `/v2/apps/{id}/restart|tasks[/{taskId}]|versions[/{v}]`, `/v2/apps/{group}/*`.
 * Register before `notFoundHandler` / `marathonErrorHandler`.
 */
export function appsRoutes(app: Express, core: MarathonCore, options: RoutesOptions): void {
  const validation = { features: options.features, strict: options.strict };
  const requireApp = (id: string): AppDefinition => {
    const found = core.app(id);
    if (!found) throw notFound(APP_MESSAGES.unknownApp(id));
    return found;
  };

  app.get('/v2/apps', (req, res) => {
    const embed = listEmbed(embedded(req));
    const matches = appFilter(req);
    const apps = core.apps().filter(matches);
    const statuses = core.appStatuses(apps.map((a) => a.id));
    sendJson(res, listJson('apps', apps.map((a, i) => appInfoJson(a, statuses[i], embed))));
  });

  app.post('/v2/apps', async (req, res) => {
    const force = queryBoolean(req, 'force', false);
    const result = validateApp(req.body, { base: '/', now: options.now(), ...validation });
    if (!result.ok) return void res.status(result.status).json(result.body);
    const deployment = await core.createApp(result.app, { force, ...requestOrigin(req) });
    const created = core.app(result.app.id) ?? result.app;
    const status = { tasksStaged: 0, tasksRunning: 0, tasksHealthy: 0, tasksUnhealthy: 0, deployments: [{ id: deployment.deploymentId }], tasks: [], readinessCheckResults: [] };
    res.status(201).setHeader(DEPLOYMENT_HEADER, deployment.deploymentId);
    res.location(appLocation(created.id)).json(appInfo(created, status, { tasks: true, lastTaskFailure: false, readiness: false }));
  });

  const putMany = (patch: boolean) => async (req: Request, res: Response) => {
    const force = queryBoolean(req, 'force', false);
    const partialUpdate = patch || queryBoolean(req, 'partialUpdate', true);
    if (!Array.isArray(req.body)) return void res.status(422).json(invalid([{ path: '/', errors: ['expected array'] }]));
    const targets: AppDefinition[] = [];
    const violations: Violation[] = [];
    (req.body as unknown[]).forEach((item, i) => {
      const rawId = (item as { id?: unknown } | null)?.id;
      const id = typeof rawId === 'string' ? resolvePath(rawId) : undefined;
      const existing = id === undefined ? undefined : core.app(id);
      if (patch && id !== undefined && !existing) throw notFound(APP_MESSAGES.unknownApp(id));
      const result = update(existing, item, { partialUpdate, id: undefined });
      if (result.ok) targets.push(result.app);
      else violations.push(...result.body.details.map((v) => ({ path: `/(${i})${v.path === '/' ? '' : v.path}`, errors: v.errors })));
    });
    if (violations.length > 0) return void res.status(422).json(invalid(violations));
    // One deployment per app until the core can deploy several apps at once (see README).
    let last: DeploymentResult | undefined;
    for (const target of targets) last = await core.putApp(target, { force, ...requestOrigin(req) });
    if (!last) return void res.status(422).json(invalid([{ path: '/', errors: ['must not be empty'] }]));
    sendDeployment(res, last);
  };
  app.put('/v2/apps', putMany(false));
  app.patch('/v2/apps', putMany(true));

  /** PUT/PATCH body → the new definition (rollback bodies resolved against the stored versions). */
  function update(
    existing: AppDefinition | undefined,
    body: unknown,
    opts: { partialUpdate: boolean; id: string | undefined },
  ): AppValidationResult {
    if (isRollback(body)) {
      const id = opts.id ?? existing?.id ?? resolvePath(body.id ?? '/');
      if (!existing) throw notFound(APP_MESSAGES.unknownApp(id));
      const target = core.appVersion(existing.id, normalizeVersion(body.version));
      if (!target) throw notFound(APP_MESSAGES.unknownVersion(existing.id, body.version));
      return { ok: true, app: rollback(existing, target, options.now()) };
    }
    return applyUpdate(existing, body, { partialUpdate: opts.partialUpdate, now: options.now(), id: opts.id, base: '/', ...validation });
  }

  app.get('/v2/apps/*appId', (req, res, next) => {
    const path = parseAppPath(req.params.appId);
    switch (path.kind) {
      case 'app': {
        const found = requireApp(path.id);
        return void res.json({ app: appInfo(found, core.appStatus(found.id), singleEmbed(embedded(req))) });
      }
      case 'group': {
        const apps = core.apps().filter((a) => isSelfOrDescendantOf(a.id, path.id));
        if (apps.length === 0 && !isRoot(path.id)) throw notFound(APP_MESSAGES.unknownGroup(path.id));
        const embed = listEmbed(embedded(req));
        const statuses = core.appStatuses(apps.map((a) => a.id));
        return sendJson(res, listJson('*', apps.map((a, i) => appInfoJson(a, statuses[i], embed))));
      }
      case 'tasks':
        requireApp(path.id);
        return void res.json({ tasks: core.tasks(path.id) });
      case 'versions': {
        const versions = core.versions(path.id);
        if (!versions) throw notFound(APP_MESSAGES.unknownApp(path.id));
        return void res.json({ versions });
      }
      case 'version': {
        requireApp(path.id);
        const found = core.appVersion(path.id, normalizeVersion(path.version));
        if (!found) throw notFound(APP_MESSAGES.unknownVersion(path.id, path.version));
        return void res.json(appToJson(found));
      }
      default:
        return next();
    }
  });

  const putOne = (patch: boolean) => async (req: Request, res: Response, next: NextFunction) => {
    const path = parseAppPath(req.params.appId);
    if (path.kind !== 'app') return next();
    const force = queryBoolean(req, 'force', false);
    const partialUpdate = patch || queryBoolean(req, 'partialUpdate', true);
    const existing = core.app(path.id);
    if (patch && !existing) throw notFound(APP_MESSAGES.unknownApp(path.id));
    const result = update(existing, req.body, { partialUpdate, id: path.id });
    if (!result.ok) return void res.status(result.status).json(result.body);
    const deployment = await core.putApp(result.app, { force, ...requestOrigin(req) });
    if (deployment.created) res.location(appLocation(result.app.id));
    sendDeployment(res, deployment, deployment.created ? 201 : 200);
  };
  app.put('/v2/apps/*appId', putOne(false));
  app.patch('/v2/apps/*appId', putOne(true));

  app.post('/v2/apps/*appId', async (req, res, next) => {
    const path = parseAppPath(req.params.appId);
    if (path.kind !== 'restart') return next();
    const force = queryBoolean(req, 'force', false);
    requireApp(path.id);
    sendDeployment(res, await core.restartApp(path.id, { force, ...requestOrigin(req) }));
  });

  app.delete('/v2/apps/*appId', async (req, res, next) => {
    const path = parseAppPath(req.params.appId);
    if (path.kind === 'app') {
      const force = queryBoolean(req, 'force', true);
      requireApp(path.id);
      return sendDeployment(res, await core.deleteApp(path.id, { force, ...requestOrigin(req) }));
    }
    if (path.kind !== 'tasks' && path.kind !== 'task') return next();
    const force = queryBoolean(req, 'force', false);
    const scale = queryBoolean(req, 'scale', false);
    const wipe = queryBoolean(req, 'wipe', false);
    if (scale && wipe) throw new BadRequestError(APP_MESSAGES.scaleAndWipe);
    requireApp(path.id);
    if (path.kind === 'tasks') {
      const host = queryString(req, 'host');
      const result = await core.killTasks(path.id, { ...(host !== undefined ? { host } : {}), scale, force });
      return isDeploymentResult(result) ? sendDeployment(res, result) : void res.json({ tasks: result.tasks });
    }
    if (!core.tasks(path.id).some((t) => t.id === path.taskId)) throw notFound(APP_MESSAGES.unknownTask(path.taskId));
    const result = await core.killTasks(path.id, { taskIds: [path.taskId], scale, force });
    if (isDeploymentResult(result)) return sendDeployment(res, result);
    const task = result.tasks.find((t) => t.id === path.taskId) ?? result.tasks[0];
    if (!task) throw notFound(APP_MESSAGES.unknownTask(path.taskId));
    res.json({ task });
  });
}

/** `id` (case-insensitive substring), `cmd` (case-insensitive substring of the command), `label` (selector). */
function appFilter(req: Request): (app: AppDefinition) => boolean {
  const id = queryString(req, 'id')?.toLowerCase();
  const cmd = queryString(req, 'cmd')?.toLowerCase();
  const selectors: LabelSelector[] = queryValues(req, 'label')
    .filter((l) => l.trim() !== '')
    .map(parseLabelSelector);
  return (app) =>
    (id === undefined || app.id.toLowerCase().includes(id)) &&
    (cmd === undefined || (app.cmd ?? '').toLowerCase().includes(cmd)) &&
    selectors.every((s) => s(app.labels));
}

/** Versions are compared in their canonical ISO form (`2015-09-25T15:13:48.343Z`); anything unparseable as is. */
function normalizeVersion(version: string): string {
  const ms = Date.parse(version);
  return Number.isNaN(ms) ? version : new Date(ms).toISOString();
}

function invalid(violations: Violation[]): Failure['body'] {
  return { message: INVALID_OBJECT_MESSAGE, details: mergeViolations(violations) };
}
