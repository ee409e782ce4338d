import { readFileSync } from 'node:fs';

/** id → name from an /etc/passwd-style file (name:x:id:...). */
function readIds(path: string): Map<number, string> {
  const out = new Map<number, string>();
  try {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (name && id !== undefined && /^\d+$/.test(id)) out.set(Number(id), name);
    }
  } catch {
    // no such file (not Linux): numeric ids it is
  }
  return out;
}

let users: Map<number, string> | undefined;
let groups: Map<number, string> | undefined;

/** The user name Mesos shows in file listings, or the numeric id. */
export function userName(uid: number): string {
  users ??= readIds('/etc/passwd');
  return users.get(uid) ?? String(uid);
}

export function groupName(gid: number): string {
  groups ??= readIds('/etc/group');
  return groups.get(gid) ?? String(gid);
}
