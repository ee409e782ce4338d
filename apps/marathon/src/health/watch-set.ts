/**
 * Makes `instances` the watched set of a checker: watched ones that are missing, or run another
 * task now, are unwatched; new ones are watched. Shared by the health and readiness checkers.
 */
export function syncWatched<I extends { readonly instanceId: string; readonly taskId: string }>(
  watched: ReadonlyMap<string, { readonly instance: I }>,
  instances: readonly I[],
  actions: { readonly watch: (instance: I) => void; readonly unwatch: (instanceId: string) => void },
): void {
  const wanted = new Map(instances.map((i) => [i.instanceId, i]));
  for (const [id, w] of [...watched]) {
    const next = wanted.get(id);
    if (!next || next.taskId !== w.instance.taskId) actions.unwatch(id);
  }
  for (const instance of instances) {
    if (!watched.has(instance.instanceId)) actions.watch(instance);
  }
}

/** `syncWatched` for one instance id: `instance` is what should be watched under it now, if anything. */
export function syncWatchedOne<I extends { readonly instanceId: string; readonly taskId: string }>(
  watched: ReadonlyMap<string, { readonly instance: I }>,
  instanceId: string,
  instance: I | undefined,
  actions: { readonly watch: (instance: I) => void; readonly unwatch: (instanceId: string) => void },
): void {
  const current = watched.get(instanceId);
  if (current && (!instance || instance.taskId !== current.instance.taskId)) actions.unwatch(instanceId);
  if (instance && !watched.has(instanceId)) actions.watch(instance);
}
