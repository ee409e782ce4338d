import type { AppSpec, GroupSpec } from './types';

export const ROOT_ID = '/';

/** Every group of the tree (the root included) by id, parents before children. */
export function transitiveGroups(root: GroupSpec): Map<string, GroupSpec> {
  const out = new Map<string, GroupSpec>();
  const pending: GroupSpec[] = [root];
  for (let next = 0; next < pending.length; next++) {
    const group = pending[next]!;
    out.set(group.id, group);
    pending.push(...group.groups);
  }
  return out;
}

/** Every app of the tree by id. */
export function transitiveApps(root: GroupSpec): Map<string, AppSpec> {
  const out = new Map<string, AppSpec>();
  for (const group of transitiveGroups(root).values()) {
    for (const app of group.apps) out.set(app.id, app);
  }
  return out;
}

/** The app with that id anywhere in the tree. */
export function findApp(root: GroupSpec, id: string): AppSpec | undefined {
  return transitiveApps(root).get(id);
}

/** `/a/b/c` → `/a/b`; `/a` → `/`. */
export function parentId(id: string): string {
  const cut = id.lastIndexOf('/');
  return cut <= 0 ? ROOT_ID : id.slice(0, cut);
}
