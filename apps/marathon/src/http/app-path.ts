import { resolvePath } from '@strato/app-definition';

/**
 * What a `/v2/apps/*` URL addresses. App ids contain slashes, so the suffix is recognised from the segments,
 * as Marathon's greedy `{id:.+}/tasks` templates do (`restart`, `tasks` and `versions` may not end an app id):
 *   `…/restart` `…/tasks` `…/tasks/{taskId}` `…/versions` `…/versions/{v}` `…/*` (the apps of a group), else the app.
 * `…/tasks/{x}` and `…/versions/{x}` always mean a task / a version (an app `/a/tasks/x` cannot be addressed,
 * as in Marathon).
 */
export type AppPath =
  | { kind: 'app'; id: string }
  | { kind: 'group'; id: string }
  | { kind: 'restart'; id: string }
  | { kind: 'tasks'; id: string }
  | { kind: 'task'; id: string; taskId: string }
  | { kind: 'versions'; id: string }
  | { kind: 'version'; id: string; version: string };

/** From Express 5's `*appId` wildcard (an array of decoded segments); empty segments are ignored. */
export function parseAppPath(raw: unknown): AppPath {
  const segs = (Array.isArray(raw) ? raw : [raw]).filter((s): s is string => typeof s === 'string' && s.length > 0);
  const id = (n: number) => resolvePath(`/${segs.slice(0, segs.length - n).join('/')}`);
  const last = segs[segs.length - 1];
  const beforeLast = segs.length >= 3 ? segs[segs.length - 2] : undefined;
  if (last === 'restart' && segs.length >= 2) return { kind: 'restart', id: id(1) };
  if (last === 'tasks' && segs.length >= 2) return { kind: 'tasks', id: id(1) };
  if (last === 'versions' && segs.length >= 2) return { kind: 'versions', id: id(1) };
  if (beforeLast === 'tasks') return { kind: 'task', id: id(2), taskId: last };
  if (beforeLast === 'versions') return { kind: 'version', id: id(2), version: last };
  if (last === '*') return { kind: 'group', id: id(1) };
  return { kind: 'app', id: id(0) };
}
