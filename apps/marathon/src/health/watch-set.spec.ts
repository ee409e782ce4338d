import { syncWatched, syncWatchedOne } from './watch-set';

type I = { instanceId: string; taskId: string };

/** Applies the actions to a plain map, recording them, as the checkers do. */
function harness(initial: I[]) {
  const watched = new Map(initial.map((instance) => [instance.instanceId, { instance }]));
  const log: string[] = [];
  const actions = {
    watch: (instance: I) => (log.push(`watch ${instance.taskId}`), watched.set(instance.instanceId, { instance })),
    unwatch: (id: string) => (log.push(`unwatch ${id}`), watched.delete(id)),
  };
  return { watched, log, actions };
}

describe('watch sets', () => {
  it('syncWatchedOne does for one id what syncWatched does for all, leaving the rest alone', () => {
    const a = { instanceId: 'a', taskId: 'a.1' };
    const b = { instanceId: 'b', taskId: 'b.1' };
    const one = harness([a, b]);
    syncWatchedOne(one.watched, 'a', { instanceId: 'a', taskId: 'a.2' }, one.actions); // relaunched: a new task
    syncWatchedOne(one.watched, 'c', { instanceId: 'c', taskId: 'c.1' }, one.actions); // newly running
    syncWatchedOne(one.watched, 'b', b, one.actions); // unchanged
    syncWatchedOne(one.watched, 'd', undefined, one.actions); // never watched
    expect(one.log).toEqual(['unwatch a', 'watch a.2', 'watch c.1']);
    syncWatchedOne(one.watched, 'c', undefined, one.actions); // stopped running
    expect([...one.watched.keys()].sort()).toEqual(['a', 'b']);

    const all = harness([a, b]);
    syncWatched(all.watched, [{ instanceId: 'a', taskId: 'a.2' }, b], all.actions);
    expect([...all.watched.values()].map((w) => w.instance)).toEqual([...one.watched.values()].map((w) => w.instance));
  });
});
