import { isPlainObject } from './json-utils';
import { isRoot, parent, resolvePath } from './path-id';
import { validationFailure, violation, type ValidationFailure, type Violation } from './violations';
import { GROUP_MESSAGES } from './group';

/** `PATCH /v2/groups/{id}`: what to change without a deployment (Marathon's GroupPatch: only `enforceRole`). */
export type GroupPatchResult = { ok: true; enforceRole: boolean } | ValidationFailure;

/**
 * Validates a PATCH body for group `id`: an object with exactly a boolean `enforceRole`, on a top-level group
 * (a child of `/`). Unknown fields, a missing or non-boolean `enforceRole`, or a deeper group → 422 with
 * Marathon-shaped details (`/enforceRole`, `/<field>`).
 */
export function validateGroupPatch(body: unknown, id: string): GroupPatchResult {
  if (!isPlainObject(body)) return validationFailure([violation('/', 'expected object')]);
  const out: Violation[] = [];
  for (const key of Object.keys(body)) {
    if (key !== 'enforceRole') out.push(violation(`/${key}`, `unknown field: '${key}'`));
  }
  const value = body.enforceRole;
  if (value === undefined || value === null) out.push(violation('/enforceRole', 'is required'));
  else if (typeof value !== 'boolean') out.push(violation('/enforceRole', 'expected boolean'));
  const groupId = resolvePath(id);
  if (isRoot(groupId) || !isRoot(parent(groupId))) out.push(violation('/enforceRole', GROUP_MESSAGES.enforceRoleTopLevel(groupId)));
  if (out.length > 0) return validationFailure(out);
  return { ok: true, enforceRole: value as boolean };
}
