import type { Instance } from './types';

/**
 * Instances sorted by instance id, all of them and per app. Changes are binary-search splices, so
 * reads never sort: the core lists an app's instances on every status update and deployment tick.
 */
export class InstanceIndex {
  private readonly all: Instance[] = [];
  private readonly byApp = new Map<string, Instance[]>();

  hasApp(appId: string): boolean {
    return this.byApp.has(appId);
  }

  /** A copy, sorted by instance id: of one app, or of every app. */
  list(appId?: string): Instance[] {
    return [...(appId === undefined ? this.all : (this.byApp.get(appId) ?? []))];
  }

  add(instance: Instance): void {
    let forApp = this.byApp.get(instance.appId);
    if (!forApp) this.byApp.set(instance.appId, (forApp = []));
    put(this.all, instance);
    put(forApp, instance);
  }

  remove(instance: Instance): void {
    drop(this.all, instance.instanceId);
    const forApp = this.byApp.get(instance.appId);
    if (!forApp) return;
    drop(forApp, instance.instanceId);
    if (forApp.length === 0) this.byApp.delete(instance.appId);
  }
}

/** The index of `id` in the sorted list, or where it would go. */
function search(list: readonly Instance[], id: string): { at: number; found: boolean } {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].instanceId < id) lo = mid + 1;
    else hi = mid;
  }
  return { at: lo, found: lo < list.length && list[lo].instanceId === id };
}

function put(list: Instance[], instance: Instance): void {
  const { at, found } = search(list, instance.instanceId);
  list.splice(at, found ? 1 : 0, instance);
}

function drop(list: Instance[], id: string): void {
  const { at, found } = search(list, id);
  if (found) list.splice(at, 1);
}
