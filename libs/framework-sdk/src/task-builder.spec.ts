import { sequentialIds } from '@strato/clock';
import type { Offer } from '@strato/domain';
import { isStratoError } from '@strato/errors';
import { Resources } from '@strato/resources';
import { taskFor, TaskFit } from './task-builder';

const offer = (resources: string, role = '*'): Offer => ({
  id: 'o1',
  frameworkId: 'fw-1',
  agentId: 'agent-1',
  hostname: 'host-1',
  resources: Resources.parse(resources),
  attributes: [],
  role,
});

function fitted(fit: TaskFit) {
  if (!fit.ok) throw new Error(`expected a fit: ${fit.message}`);
  return fit;
}

describe('taskFor', () => {
  it('takes exactly the asked resources and returns the rest', () => {
    const fit = fitted(taskFor(offer('cpus:2;mem:1024;disk:100'), { name: 'web', taskId: 't1', cpus: 0.25, mem: 100, disk: 10, command: 'run' }));
    expect(fit.task.resources.toString()).toBe('cpus:0.25;mem:100;disk:10');
    expect(fit.remaining.toString()).toBe('cpus:1.75;mem:924;disk:90');
    expect(fit.task).toMatchObject({ taskId: 't1', name: 'web', agentId: 'agent-1' });
    expect(fit.task.command).toEqual({ value: 'run', shell: true, arguments: [], environment: {}, uris: [], user: undefined });
  });

  it('picks the lowest ports of the offer and tells the command about them', () => {
    const fit = fitted(taskFor(offer('cpus:1;mem:64;ports:[31000-31001,31005-31009]'), { name: 'p', cpus: 0.1, mem: 8, ports: 3, command: 'x', env: { PORT: 'mine' } }));
    expect(fit.ports).toEqual([31000, 31001, 31005]);
    expect(fit.task.resources.ports()).toEqual([
      { begin: 31000, end: 31001 },
      { begin: 31005, end: 31005 },
    ]);
    expect(fit.remaining.ports()).toEqual([{ begin: 31006, end: 31009 }]);
    expect(fit.task.command?.environment).toEqual({ PORT: 'mine', PORTS: '31000,31001,31005', PORT0: '31000', PORT1: '31001', PORT2: '31005' });
  });

  it('takes given port numbers only when the offer has them', () => {
    const o = offer('cpus:1;mem:64;ports:[8000-8080]');
    expect(fitted(taskFor(o, { name: 'p', cpus: 0, mem: 0, ports: [8080, 8000], command: 'x' })).ports).toEqual([8080, 8000]);
    const miss = taskFor(o, { name: 'p', cpus: 0, mem: 0, ports: [8080, 9090, 9091], command: 'x' });
    expect(miss.ok).toBe(false);
    if (!miss.ok) expect(miss.message).toBe('offer o1 on host-1: ports: wanted [8080,9090,9091], available [8000-8080] (missing 9090,9091)');
  });

  it('explains every resource that does not fit', () => {
    const fit = taskFor(offer('cpus:0.5;mem:64;ports:[31000-31001]'), { name: 'big', cpus: 1, mem: 32, disk: 10, ports: 3, command: 'x' });
    expect(fit.ok).toBe(false);
    if (fit.ok) return;
    expect(fit.shortfalls.map((s) => s.message)).toEqual([
      'cpus: wanted 1, available 0.5',
      'disk: wanted 10, available 0',
      'ports: wanted 3, available 2 [31000-31001]',
    ]);
    expect(fit.message).toBe('offer o1 on host-1: cpus: wanted 1, available 0.5; disk: wanted 10, available 0; ports: wanted 3, available 2 [31000-31001]');
  });

  it('uses resources reserved to the offer role first, then unreserved ones', () => {
    const o = offer('cpus(web):1;cpus:4;mem(web):100;mem:1000;ports(web):[80-80];ports:[31000-31010]', 'web');
    const fit = fitted(taskFor(o, { name: 'r', cpus: 1.5, mem: 50, ports: 2, command: 'x' }));
    expect(fit.task.resources.equals(Resources.parse('cpus(web):1;cpus:0.5;mem(web):50;ports(web):[80-80];ports:[31000-31000]'))).toBe(true);
    expect(fit.ports).toEqual([80, 31000]);
    expect(fit.remaining.equals(Resources.parse('cpus:3.5;mem(web):50;mem:1000;ports:[31001-31010]'))).toBe(true);
  });

  it('never uses resources reserved to another role', () => {
    const fit = taskFor(offer('cpus(db):4;cpus:0.5;mem:100'), { name: 'r', cpus: 1, mem: 10, command: 'x' });
    expect(fit.ok).toBe(false);
    if (!fit.ok) expect(fit.shortfalls.map((s) => s.message)).toEqual(['cpus: wanted 1, available 0.5']);
  });

  it('draws from what is left when given `available`, and ids from the IdGen', () => {
    const o = offer('cpus:1;mem:100');
    const ids = sequentialIds('task-');
    const first = fitted(taskFor(o, { name: 'a', cpus: 0.6, mem: 10, command: 'x' }, { ids }));
    const second = taskFor(o, { name: 'a', cpus: 0.6, mem: 10, command: 'x' }, { ids, available: first.remaining });
    expect(first.task.taskId).toBe('task-0');
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.message).toMatch(/cpus: wanted 0.6, available 0.4/);
  });

  it('names tasks <name>.<uuid> by default and carries labels and options', () => {
    const fit = fitted(taskFor(offer('cpus:1;mem:100'), { name: 'my app', cpus: 0.1, mem: 1, command: { value: '/bin/app', shell: false, arguments: ['/bin/app', '-v'] }, labels: { team: 'x' }, killGracePeriodMs: 3000 }));
    expect(fit.task.taskId).toMatch(/^my_app\.[0-9a-f-]{36}$/);
    expect(fit.task.labels).toEqual([{ key: 'team', value: 'x' }]);
    expect(fit.task.killGracePeriodMs).toBe(3000);
    expect(fit.task.command).toMatchObject({ value: '/bin/app', shell: false, arguments: ['/bin/app', '-v'] });
  });

  it('refuses malformed requests with INVALID_ARGUMENT', () => {
    const o = offer('cpus:1;mem:100');
    const attempts = [
      () => taskFor(o, { name: '', cpus: 1, mem: 1, command: 'x' }),
      () => taskFor(o, { name: 'n', cpus: -1, mem: 1, command: 'x' }),
      () => taskFor(o, { name: 'n', cpus: 1, mem: Number.NaN, command: 'x' }),
      () => taskFor(o, { name: 'n', cpus: 1, mem: 1, ports: 1.5, command: 'x' }),
      () => taskFor(o, { name: 'n', cpus: 1, mem: 1, ports: [80, 80], command: 'x' }),
      () => taskFor(o, { name: 'n', cpus: 1, mem: 1 }),
    ];
    for (const attempt of attempts) {
      let thrown: unknown;
      try {
        attempt();
      } catch (error) {
        thrown = error;
      }
      expect(isStratoError(thrown, 'INVALID_ARGUMENT')).toBe(true);
    }
  });
});
