import { INVALID_OBJECT_MESSAGE, resolvePath, scaleGroup, validateGroup, type GroupDefinition } from '@strato/app-definition';
import { notFound } from '@strato/errors';
import { Express, Request, Response } from 'express';
import type { GroupWriteOptions, MarathonCore } from '../core/core';
import { appInfo, type AppInfoEmbed } from './app-json';
import { APP_MESSAGES, type RoutesOptions } from './apps-routes';
import { DEPLOYMENT_HEADER, queryBoolean, queryValues, requestOrigin, sendDeployment } from './params';

export const GROUP_ROUTE_MESSAGES = {
  rollbackUnsupported: 'Rolling a group back to a version is not supported yet.',
} as const;

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
 * `/v2/groups[/{id}]`: GET (GroupInfo), POST (create, 409 if it exists), PUT (create or update the subtree; `dryRun`,
 * `scaleBy`), DELETE (stop every app below). Register before `notFoundHandler` / `marathonErrorHandler`.
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

  const urlId = (req: Request): string => {
    const raw = (req.params as { groupId?: string | string[] }).groupId;
    const segments = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    return resolvePath(`/${segments.filter((s) => s !== '').join('/')}`);
  };

  const get = (req: Request, res: Response) => void res.json(groupInfo(requireGroup(urlId(req)), groupEmbed(req)));
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
    if (result.kind === 'rollback') return void res.status(422).json({ message: GROUP_ROUTE_MESSAGES.rollbackUnsupported });
    let target: GroupDefinition;
    if (result.kind === 'scale') {
      target = scaleGroup(requireGroup(result.id), result.scaleBy, options.now());
    } else {
      target = keepOmitted(result.group, core.group(result.group.id), req.body);
    }
    const deployment = await core.putGroup(target, writeOptions(req, { dryRun }));
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
