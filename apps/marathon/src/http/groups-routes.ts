import { INVALID_OBJECT_MESSAGE, resolvePath, scaleGroup, validateGroup, validateGroupPatch, type GroupDefinition } from '@strato/app-definition';
import { notFound } from '@strato/errors';
import { Express, Request, Response } from 'express';
import type { GroupWriteOptions, GroupWriteResult, MarathonCore } from '../core/core';
import { appInfo, type AppInfoEmbed } from './app-json';
import { APP_MESSAGES, type RoutesOptions } from './apps-routes';
import { DEPLOYMENT_HEADER, queryBoolean, queryValues, requestOrigin, sendDeployment } from './params';

export const GROUP_ROUTE_MESSAGES = {
  unknownGroupVersion: (id: string, version: string) => `Group '${id}' not available in version ${version}`,
} as const;

/** What a GET path under /v2/groups names: a group, its versions, or one version of it. */
type GroupTarget = { kind: 'group'; id: string } | { kind: 'versions'; id: string } | { kind: 'version'; id: string; version: string };

/** `versions` can't be the last segment of a group id, so `…/versions` and `…/versions/{v}` are unambiguous. */
function groupTarget(segments: readonly string[]): GroupTarget {
  const id = (parts: readonly string[]) => resolvePath(`/${parts.join('/')}`);
  const n = segments.length;
  if (n >= 1 && segments[n - 1] === 'versions') return { kind: 'versions', id: id(segments.slice(0, -1)) };
  if (n >= 2 && segments[n - 2] === 'versions') return { kind: 'version', id: id(segments.slice(0, -2)), version: segments[n - 1] };
  return { kind: 'group', id: id(segments) };
}

/** What `embed` asks of GET /v2/groups (`group.groups` / `group.apps` are the default when no `group.*` is given). */
interface GroupEmbed {
  readonly groups: boolean;
  readonly apps: boolean;
  readonly app: AppInfoEmbed;
}

function groupEmbed(req: Request): GroupEmbed {
  const values = queryValues(req, 'embed').flatMap((v) => v.split(',').map((x) => x.trim()).filter((x) => x));
  const structural = values.filter((v) => v === 'group.groups' || v === 'group.apps' || v === 'group.pods');
  const apps = (name: string) => values.includes(`group.apps.${name}`);
  return {
    groups: structural.length === 0 || structural.includes('group.groups'),
    apps: structural.length === 0 || structural.includes('group.apps'),
    app: { tasks: apps('tasks'), lastTaskFailure: apps('lastTaskFailure'), readiness: apps('readiness') },
  };
}

/**
 * `/v2/groups[/{id}]`: GET (GroupInfo; `/versions` lists root versions the group existed in, `/versions/{v}` shows
 * it then), POST (create, 409 if it exists), PUT (create or update the subtree; `dryRun`, `scaleBy`, `version`-only
 * rolls back), PATCH (`enforceRole` of a top-level group, no deployment), DELETE (stop every app below). Register before `notFoundHandler` / `marathonErrorHandler`.
 */
export function groupsRoutes(app: Express, core: MarathonCore, options: RoutesOptions): void {
  const validation = { features: options.features, strict: options.strict };

  const groupInfo = (group: GroupDefinition, embed: GroupEmbed): Record<string, unknown> => ({
    id: group.id,
    apps: embed.apps ? group.apps.map((a) => appInfo(a, core.appStatus(a.id), embed.app)) : [],
    groups: embed.groups ? group.groups.map((g) => groupInfo(g, embed)) : [],
    pods: [],
    dependencies: [...group.dependencies],
    version: group.version,
    ...(group.enforceRole !== undefined ? { enforceRole: group.enforceRole } : {}),
  });

  const requireGroup = (id: string): GroupDefinition => {
    const group = core.group(id);
    if (!group) throw notFound(APP_MESSAGES.unknownGroup(id));
    return group;
  };

  const urlSegments = (req: Request): string[] => {
    const raw = (req.params as { groupId?: string | string[] }).groupId;
    const segments = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    return segments.filter((s) => s !== '');
  };
  const urlId = (req: Request): string => resolvePath(`/${urlSegments(req).join('/')}`);

  const get = (req: Request, res: Response) => {
    const target = groupTarget(urlSegments(req));
    if (target.kind === 'group') return void res.json(groupInfo(requireGroup(target.id), groupEmbed(req)));
    if (target.kind === 'versions') {
      const versions = core.groupVersions(target.id);
      if (!versions) throw notFound(APP_MESSAGES.unknownGroup(target.id));
      return void res.json(versions);
    }
    const group = core.groupVersion(target.id, target.version);
    if (!group) throw notFound(GROUP_ROUTE_MESSAGES.unknownGroupVersion(target.id, target.version));
    res.json(groupInfo(group, groupEmbed(req)));
  };
  app.get('/v2/groups', get);
  app.get('/v2/groups/*groupId', get);

  const writeOptions = (req: Request, extra: Partial<GroupWriteOptions> = {}): GroupWriteOptions => ({
    force: queryBoolean(req, 'force', false),
    ...requestOrigin(req),
    ...extra,
  });

  const post = async (req: Request, res: Response) => {
    const base = urlId(req);
    const result = validateGroup(req.body, { base, now: options.now(), ...validation });
    if (!result.ok) return void res.status(result.status).json(result.body);
    if (result.kind !== 'group') return void res.status(422).json(unprocessable('/', 'expected a group definition'));
    const deployment = await core.putGroup(result.group, writeOptions(req, { create: true }));
    res.status(201).setHeader(DEPLOYMENT_HEADER, deployment.deploymentId);
    res.location(result.group.id).json({ deploymentId: deployment.deploymentId, version: deployment.version });
  };
  app.post('/v2/groups', post);
  app.post('/v2/groups/*groupId', post);

  const put = async (req: Request, res: Response) => {
    const base = urlId(req);
    const dryRun = queryBoolean(req, 'dryRun', false);
    const result = validateGroup(req.body, { base, now: options.now(), ...validation });
    if (!result.ok) return void res.status(result.status).json(result.body);
    let deployment: GroupWriteResult;
    if (result.kind === 'rollback') {
      deployment = await core.rollbackGroup(result.id, result.version, writeOptions(req, { dryRun }));
    } else {
      const target =
        result.kind === 'scale'
          ? scaleGroup(requireGroup(result.id), result.scaleBy, options.now())
          : keepOmitted(result.group, core.group(result.group.id), req.body);
      deployment = await core.putGroup(target, writeOptions(req, { dryRun }));
    }
    if (dryRun) return void res.json({ steps: deployment.steps });
    sendDeployment(res, deployment);
  };
  app.put('/v2/groups', put);
  app.put('/v2/groups/*groupId', put);

  const del = async (req: Request, res: Response) => {
    const id = urlId(req);
    requireGroup(id);
    sendDeployment(res, await core.deleteGroup(id, writeOptions(req)));
  };
  app.delete('/v2/groups', del);
  app.delete('/v2/groups/*groupId', del);

  const patch = async (req: Request, res: Response) => {
    const id = urlId(req);
    const result = validateGroupPatch(req.body, id);
    if (!result.ok) return void res.status(result.status).json(result.body);
    requireGroup(id);
    const group = await core.patchGroup(id, result.enforceRole, writeOptions(req));
    res.json(groupInfo(group, groupEmbed(req)));
  };
  app.patch('/v2/groups', patch);
  app.patch('/v2/groups/*groupId', patch);
}

/**
 * PUT is an update (Marathon's GroupUpdate): `apps`, `groups`, `dependencies` left out of the body keep the
 * existing group's (top level only).
 */
function keepOmitted(target: GroupDefinition, existing: GroupDefinition | undefined, body: unknown): GroupDefinition {
  if (!existing || !isPlainObjectBody(body)) return target;
  return {
    ...target,
    apps: body.apps === undefined || body.apps === null ? existing.apps : target.apps,
    groups: body.groups === undefined || body.groups === null ? existing.groups : target.groups,
    dependencies: body.dependencies === undefined || body.dependencies === null ? existing.dependencies : target.dependencies,
  };
}

function unprocessable(path: string, error: string): { message: string; details: { path: string; errors: string[] }[] } {
  return { message: INVALID_OBJECT_MESSAGE, details: [{ path, errors: [error] }] };
}

function isPlainObjectBody(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}
