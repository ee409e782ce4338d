import { isPlainObject, withoutNulls } from './json-utils';
import {
  isChildOf,
  isRoot,
  isSelfOrDescendantOf,
  parent,
  PATH_MESSAGES,
  pathSyntaxErrors,
  resolvePath,
} from './path-id';
import { schemaViolations } from './schema-validator';
import type { AppDefinition } from './types';
import { checkApp, type ValidateAppOptions } from './validate-app';
import { EPOCH_VERSION, toIso } from './version-info';
import {
  childPath,
  prefixViolations,
  validationFailure,
  violation,
  type ValidationFailure,
  type Violation,
} from './violations';
import type { AppInput } from './wire-types';

/** A normalized group tree, as POST/PUT /v2/groups define it. */
export interface GroupDefinition {
  id: string;
  apps: AppDefinition[];
  groups: GroupDefinition[];
  /** Absolute ids of apps or groups this group's apps come after. */
  dependencies: string[];
  version: string;
  /** Only on top-level groups (children of `/`). */
  enforceRole?: boolean;
}

export type GroupValidationResult =
  | { ok: true; kind: 'group'; group: GroupDefinition }
  /** `{"version": ...}`: roll the group `id` back to that version. */
  | { ok: true; kind: 'rollback'; id: string; version: string }
  /** `{"scaleBy": f}`: multiply the instances of every app below `id` by f. */
  | { ok: true; kind: 'scale'; id: string; scaleBy: number }
  | ValidationFailure;

export type ValidateGroupOptions = ValidateAppOptions;

export const GROUP_MESSAGES = {
  notAlone: 'not allowed in conjunction with other properties.',
  enforceRoleTopLevel: (id: string) => `enforceRole can only be set for top-level groups, and ${id} is not top-level`,
  appAndGroup: 'Groups and Applications may not have the same identifier.',
  duplicateId: (id: string) => `duplicate identifier ${id}`,
} as const;

interface RawGroup {
  id?: string;
  apps?: AppInput[];
  groups?: RawGroup[];
  dependencies?: string[];
  enforceRole?: boolean;
  scaleBy?: number;
  version?: string;
}

/** Fields that define group content; `version` next to them is the read-only field of GET answers and ignored. */
const CONTENT_FIELDS = ['apps', 'groups', 'dependencies', 'enforceRole'];

/**
 * Validates a group body against `base` (the group in the URL, default `/`): relative ids resolve against the
 * enclosing group and must name direct children of it; every app goes through the app pipeline. Paths in errors
 * point into the body (`/groups(1)/apps(0)/cmd`).
 */
export function validateGroup(json: unknown, options: ValidateGroupOptions = {}): GroupValidationResult {
  const base = resolvePath(options.base ?? '/');
  const data = withoutNulls(json);
  if (!isPlainObject(data)) return validationFailure([violation('/', 'expected object')]);
  const schema = schemaViolations('group', data, options.strict ?? true);
  if (schema.length > 0) return validationFailure(schema);
  const raw = data as RawGroup;
  const id = resolvePath(raw.id ?? '', base);
  const special = specialBody(raw, id);
  if (special) return special;
  const violations: Violation[] = [];
  const group = buildGroup(raw, { enclosing: base, path: '/', top: true, options, violations });
  return violations.length > 0 ? validationFailure(violations) : { ok: true, kind: 'group', group };
}

function specialBody(raw: RawGroup, id: string): GroupValidationResult | undefined {
  const others = Object.keys(raw).filter((k) => k !== 'id' && k !== 'scaleBy' && k !== 'version');
  if (raw.scaleBy !== undefined) {
    if (others.length > 0 || raw.version !== undefined) {
      return validationFailure([violation('/scaleBy', GROUP_MESSAGES.notAlone)]);
    }
    return { ok: true, kind: 'scale', id, scaleBy: raw.scaleBy };
  }
  const hasContent = others.some((k) => CONTENT_FIELDS.includes(k));
  if (raw.version !== undefined && !hasContent) return { ok: true, kind: 'rollback', id, version: raw.version };
  return undefined;
}

interface BuildContext {
  enclosing: string;
  path: string;
  top: boolean;
  options: ValidateGroupOptions;
  violations: Violation[];
}

function buildGroup(raw: RawGroup, ctx: BuildContext): GroupDefinition {
  const { path, violations } = ctx;
  const id = resolvePath(raw.id ?? '', ctx.enclosing);
  violations.push(...groupIdViolations(raw, id, ctx));
  const apps = (raw.apps ?? []).flatMap((app, i) =>
    buildApp(app, id, { ...ctx, path: childPath(childPath(path, 'apps'), i) }),
  );
  const groups = (raw.groups ?? []).map((g, i) =>
    buildGroup(g, { ...ctx, enclosing: id, top: false, path: childPath(childPath(path, 'groups'), i) }),
  );
  violations.push(...clashViolations(raw, id, path));
  (raw.dependencies ?? []).forEach((dep, i) => {
    const errors = pathSyntaxErrors(dep);
    if (errors.length > 0) violations.push({ path: childPath(childPath(path, 'dependencies'), i), errors });
  });
  const version = ctx.options.now !== undefined ? toIso(ctx.options.now) : (raw.version ?? EPOCH_VERSION);
  const group: GroupDefinition = {
    id,
    apps,
    groups,
    dependencies: (raw.dependencies ?? []).map((d) => resolvePath(d, id)),
    version,
  };
  if (!isRoot(id) && isRoot(parent(id))) group.enforceRole = raw.enforceRole ?? false;
  return group;
}

function groupIdViolations(raw: RawGroup, id: string, { enclosing, path, top }: BuildContext): Violation[] {
  const at = childPath(path, 'id');
  const syntax = raw.id !== undefined ? pathSyntaxErrors(raw.id) : [];
  if (syntax.length > 0) return [{ path: at, errors: syntax }];
  const out: Violation[] = [];
  const placed = top ? isSelfOrDescendantOf(id, enclosing) : isChildOf(id, enclosing);
  if (!placed) out.push(violation(at, PATH_MESSAGES.notChild(id, enclosing)));
  if (raw.enforceRole && (isRoot(id) || !isRoot(parent(id)))) {
    out.push(violation(childPath(path, 'enforceRole'), GROUP_MESSAGES.enforceRoleTopLevel(id)));
  }
  return out;
}

function buildApp(app: AppInput, groupId: string, ctx: BuildContext): AppDefinition[] {
  const appId = resolvePath(app.id, groupId);
  const out: Violation[] = [];
  if (pathSyntaxErrors(app.id).length === 0 && !isChildOf(appId, groupId)) {
    out.push(violation('/id', PATH_MESSAGES.notChild(appId, groupId)));
  }
  const result = checkApp(app, { ...ctx.options, base: groupId });
  if (!result.ok) out.push(...result.body.details);
  ctx.violations.push(...prefixViolations(ctx.path, out));
  return result.ok ? [result.app] : [];
}

/** Ids must be unique within a group, and an app may not share its id with a group. */
function clashViolations(raw: RawGroup, groupId: string, path: string): Violation[] {
  const out: Violation[] = [];
  const appIds = (raw.apps ?? []).map((a) => resolvePath(a.id, groupId));
  const groupIds = (raw.groups ?? []).map((g) => resolvePath(g.id ?? '', groupId));
  const at = (field: string, i: number) => childPath(childPath(childPath(path, field), i), 'id');
  appIds.forEach((id, i) => {
    if (groupIds.includes(id)) out.push(violation(at('apps', i), GROUP_MESSAGES.appAndGroup));
    if (appIds.indexOf(id) < i) out.push(violation(at('apps', i), GROUP_MESSAGES.duplicateId(id)));
  });
  groupIds.forEach((id, j) => {
    if (groupIds.indexOf(id) < j) out.push(violation(at('groups', j), GROUP_MESSAGES.duplicateId(id)));
  });
  return out;
}
