import { TaskInfo } from '@strato/domain';
import { Resources } from '@strato/resources';
import { decideAccept, OfferedResources } from './accept';

const offer = (id: string, text: string, agentId = 'a1', frameworkId = 'f1'): OfferedResources => ({
  id, frameworkId, agentId, role: '*', resources: Resources.parse(text),
});
const task = (taskId: string, resources: string, extra: Partial<TaskInfo> = {}): TaskInfo => ({
  taskId, name: taskId, agentId: '', resources: Resources.parse(resources), labels: [],
  command: { value: 'true', shell: true, arguments: [], environment: {}, uris: [] }, ...extra,
});

function decide(offers: OfferedResources[], tasks: TaskInfo[], offerIds = offers.map((o) => o.id), inUse: string[] = []) {
  const byId = new Map(offers.map((o) => [o.id, o]));
  return decideAccept({ frameworkId: 'f1', offerIds, lookupOffer: (id) => byId.get(id), tasks, taskIdInUse: (id) => inUse.includes(id) });
}

describe('decideAccept', () => {
  it('launches tasks that fit and returns the rest as leftover', () => {
    const d = decide([offer('o1', 'cpus:2;mem:1024;ports:[31000-31010]')], [task('t1', 'cpus:1;mem:512;ports:[31000-31000]')]);
    expect(d.rejected).toEqual([]);
    expect(d.launches.map((t) => [t.taskId, t.agentId])).toEqual([['t1', 'a1']]);
    expect(d.leftover.toString()).toBe('cpus:1;mem:512;ports:[31001-31010]');
  });

  it('aggregates offers from one agent', () => {
    const d = decide([offer('o1', 'cpus:1;mem:128'), offer('o2', 'cpus:1;mem:128')], [task('t1', 'cpus:2;mem:256')]);
    expect(d.launches).toHaveLength(1);
    expect(d.leftover.isEmpty()).toBe(true);
  });

  it('explains resources that were not offered, and later tasks see what earlier ones took', () => {
    const d = decide([offer('o1', 'cpus:1;mem:256')], [task('t1', 'cpus:0.75;mem:128'), task('t2', 'cpus:0.5;mem:64')]);
    expect(d.launches.map((t) => t.taskId)).toEqual(['t1']);
    expect(d.rejected[0]).toMatchObject({ state: 'TASK_ERROR', reason: 'REASON_TASK_INVALID' });
    expect(d.rejected[0].message).toMatch(/more resources than offered: cpus\(\*\): wanted 0.5, available 0.25/);
  });

  it('refuses duplicate task ids, in the batch and among running tasks', () => {
    const d = decide([offer('o1', 'cpus:4;mem:1024')], [task('t1', 'cpus:1;mem:64'), task('t1', 'cpus:1;mem:64'), task('t9', 'cpus:1;mem:64')], undefined, ['t9']);
    expect(d.launches.map((t) => t.taskId)).toEqual(['t1']);
    expect(d.rejected.map((r) => r.message)).toEqual(['Task has duplicate ID: t1', 'Task has duplicate ID: t9']);
  });

  it('drops every task when an offer is unknown or not this framework\'s', () => {
    const mine = offer('o1', 'cpus:1;mem:128');
    const d = decide([mine], [task('t1', 'cpus:0.1;mem:32')], ['o1', 'nope']);
    expect(d.launches).toEqual([]);
    expect(d.rejected[0]).toMatchObject({ state: 'TASK_DROPPED', reason: 'REASON_INVALID_OFFERS', message: 'Offer nope is no longer valid' });
    expect(d.invalid).toBe(true);
    expect(d.usedOffers).toEqual([mine]);
    const other = decide([offer('o2', 'cpus:1;mem:128', 'a1', 'f2')], [task('t1', 'cpus:0.1;mem:32')]);
    expect(other.rejected[0].message).toBe('Offer o2 is not for this framework');
  });

  it('refuses offers from two agents', () => {
    const d = decide([offer('o1', 'cpus:1;mem:128', 'a1'), offer('o2', 'cpus:1;mem:128', 'a2')], [task('t1', 'cpus:0.1;mem:32')]);
    expect(d.rejected[0].message).toMatch(/one single agent/);
  });

  it('refuses tasks without command, without resources, or for another agent', () => {
    const d = decide([offer('o1', 'cpus:4;mem:1024')], [
      task('a', 'cpus:1;mem:32', { command: undefined }),
      task('b', '', {}),
      task('c', 'cpus:1;mem:32', { agentId: 'elsewhere' }),
      task('bad id', 'cpus:1;mem:32'),
    ]);
    expect(d.launches).toEqual([]);
    expect(d.rejected.map((r) => r.message)).toEqual([
      'Task must have a command or a container',
      'Task uses no resources',
      "Task uses agent ID elsewhere which differs from the offer's agent a1",
      "Task ID 'bad id' must not contain whitespace or '/'",
    ]);
  });
});
