import { appToJson, resolvePath, type AppDefinition, type GroupDefinition } from '@strato/app-definition';
import { conflicts, isEmpty, plan, revertedRoot, stepJson, transitiveApps, type DeploymentPlan } from '@strato/deployment-planner';
import { invalidArgument, notFound, permissionDenied, StratoError } from '@strato/errors';
import { buildRootGroup, type GroupRecord } from '../state';
import type { DeploymentResult, GroupWriteResult, WriteOptions } from './core';
import type { DeploymentManager } from './deployment-manager';
import type { CoreContext } from './instances';

/** An app as the planner sees it: the full definition plus its configVersion. */
export type AppNode = AppDefinition & { readonly configVersion: string };
export interface GroupNode {
  readonly id: string;
  readonly apps: readonly AppNode[];
  readonly groups: readonly GroupNode[];
  readonly dependencies: readonly string[];
  readonly version: string;
}

export interface AppChange {
  readonly put?: readonly AppDefinition[];
  readonly remove?: readonly string[];
  /** Kill-and-scale: instances to kill first, by app id. */
  readonly toKill?: Readonly<Record<string, readonly string[]>>;
  /** Group records to write (replacing those with the same id) and to delete. */
  readonly putGroups?: readonly GroupRecord[];
  readonly removeGroups?: readonly string[];
  /** Set for group writes: `group_change_success` names it and no `api_post_event` is published. */
  readonly groupId?: string;
  /** The version of the resulting root (answered as `version`). */
  readonly version: string;
}

/** Stored definitions are immutable, so each one's planner node is made once (every write plans over the whole root). */
const nodes = new WeakMap<AppDefinition, AppNode>();

function appNode(app: AppDefinition): AppNode {
  let node = nodes.get(app);
  if (!node) nodes.set(app, (node = { ...app, configVersion: app.versionInfo.lastConfigChangeAt }));
  return node;
}

export function toGroupNode(group: GroupDefinition): GroupNode {
  return {
    id: group.id,
    dependencies: group.dependencies,
    version: group.version,
    apps: group.apps.map(appNode),
    groups: group.groups.map(toGroupNode),
  };
}

function toApp(node: AppNode): AppDefinition {
  const { configVersion: _configVersion, ...app } = node;
  return app;
}

/**
 * The write path: target root → plan → 409 on conflicting deployments unless `force` (which
 * cancels them) → persist apps and the deployment → start it. Resolves once everything is durable.
 */
export class AppWrites {
  constructor(
    private readonly ctx: CoreContext,
    private readonly deployments: DeploymentManager,
  ) {}

  currentRoot(): GroupNode {
    return toGroupNode(buildRootGroup(this.ctx.repository.apps(), this.ctx.repository.groups()));
  }

  async write(change: AppChange, options: WriteOptions & { readonly dryRun?: boolean }): Promise<GroupWriteResult> {
    const current = this.ctx.repository.apps();
    const removed = new Set(change.remove ?? []);
    const put = new Map((change.put ?? []).map((app) => [app.id, app]));
    const targetApps = [...current.filter((a) => !removed.has(a.id) && !put.has(a.id)), ...put.values()];
    const removedGroups = new Set((change.removeGroups ?? []).map((g) => resolvePath(g)));
    const putGroups = new Map((change.putGroups ?? []).map((g) => [resolvePath(g.id), g]));
    const records = this.ctx.repository.groups().filter((g) => !removedGroups.has(g.id) && !putGroups.has(g.id));
    const target = toGroupNode(buildRootGroup(targetApps, [...records, ...putGroups.values()]));
    const id = options.dryRun ? '' : this.ctx.ids.next();
    const result = plan(this.currentRoot(), target, { id: id || 'dry-run', version: change.version, toKill: change.toKill });
    if (!result.ok) throw invalidArgument(result.message, { apps: result.apps, cycles: result.cycles });
    const steps = result.plan.steps.map(stepJson);
    if (options.dryRun) return { deploymentId: id, version: change.version, steps };
    await this.resolveConflicts(result.plan, options.force);
    const before = new Map(current.map((app) => [app.id, app]));
    for (const app of put.values()) await this.ctx.repository.putApp(app);
    for (const appId of removed) await this.ctx.repository.deleteApp(appId);
    for (const groupId of removedGroups) if (!putGroups.has(groupId)) await this.ctx.repository.deleteGroup(groupId);
    for (const record of putGroups.values()) await this.ctx.repository.putGroup(record);
    await this.ctx.repository.putRootVersion(change.version);
    if (change.groupId === undefined && options.uri !== undefined) {
      const clientIp = options.clientIp ?? '';
      for (const app of put.values()) this.ctx.bus.publish({ eventType: 'api_post_event', clientIp, uri: options.uri, appDefinition: appToJson(app) });
      for (const appId of removed) {
        const gone = before.get(appId);
        if (gone) this.ctx.bus.publish({ eventType: 'api_post_event', clientIp, uri: options.uri, appDefinition: appToJson(gone) });
      }
    }
    this.ctx.bus.publish({ eventType: 'group_change_success', groupId: change.groupId ?? '/', version: change.version });
    if (!isEmpty(result.plan)) await this.deployments.start(result.plan);
    return { deploymentId: id, version: change.version, steps };
  }

  /** DELETE /v2/deployments/{id} without force: undo this deployment's changes on the current root. */
  async rollback(deploymentId: string): Promise<DeploymentResult> {
    const record = this.ctx.repository.deployment(deploymentId);
    if (!record) throw notFound(`DeploymentPlan ${deploymentId} does not exist`);
    const current = this.currentRoot();
    const reverted = revertedRoot(record.plan, current) as GroupNode;
    const wanted = [...transitiveApps(reverted).values()] as unknown as AppNode[];
    const have = new Map(this.ctx.repository.apps().map((app) => [app.id, app]));
    const put = wanted.filter((node) => have.get(node.id)?.version !== node.version).map(toApp);
    const keep = new Set(wanted.map((node) => node.id));
    const remove = [...have.keys()].filter((appId) => !keep.has(appId));
    await this.deployments.stop(deploymentId, 'rolled back');
    return this.write({ put, remove, version: new Date(this.ctx.clock.now()).toISOString() }, { force: true });
  }

  private async resolveConflicts(next: DeploymentPlan, force: boolean): Promise<void> {
    const running = this.deployments.running();
    const conflicting = conflicts(next, running);
    if (conflicting.length > 0 && !force) {
      const message = `App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/${conflicting[0]}'.`;
      throw new StratoError('CONFLICT', message, { deployments: conflicting.map((id) => ({ id })) });
    }
    const max = this.ctx.config.maxRunningDeployments;
    if (!isEmpty(next) && running.length - conflicting.length >= max) {
      throw permissionDenied(`Max number (${max}) of running deployments is achieved. Wait for existing deployments to complete or cancel them.`);
    }
    for (const id of conflicting) await this.deployments.stop(id, 'cancelled by a forced deployment');
  }
}
