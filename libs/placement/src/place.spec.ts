import { Resources } from '@strato/resources';
import { placeInstances } from './place';
import { c, offer, placed, request } from './test-fixtures';

describe('placeInstances', () => {
  const o = offer({ agentId: 'a1', hostname: 'h1', resources: 'cpus:4;mem:1024;ports:[31000-31009]', attributes: 'rack:r1' });

  it('places as many as fit and subtracts each from the offer', () => {
    const batch = placeInstances(request({ cpus: 1, mem: 256, ports: 1 }), o, [], 3);
    expect(batch.placements.map((p) => p.hostPorts)).toEqual([[31000], [31001], [31002]]);
    expect(batch.remaining).toEqual(Resources.parse('cpus:1;mem:256;ports:[31003-31009]'));
    expect(batch.rejection).toBeUndefined();
  });

  it('stops when resources run out and says why', () => {
    const batch = placeInstances(request({ cpus: 1.5, mem: 100 }), o, [], 5);
    expect(batch.placements).toHaveLength(2);
    expect(batch.rejection).toEqual([{ reason: 'InsufficientCpus', message: 'wanted 1.5, offered 1' }]);
    expect(batch.remaining.cpus()).toBe(1);
  });

  it('UNIQUE hostname: only one of several instances fits on one offer', () => {
    const batch = placeInstances(request({ constraints: [c('hostname', 'UNIQUE')] }), o, [], 3, {
      instanceIds: ['app.instance-1', 'app.instance-2', 'app.instance-3'],
    });
    expect(batch.placements).toHaveLength(1);
    expect(batch.rejection).toEqual([
      { reason: 'UnfulfilledConstraint', message: "UNIQUE hostname: agent 'a1' already runs instance app.instance-1" },
    ]);
  });

  it('UNIQUE hostname: none fits when an instance already runs there', () => {
    const batch = placeInstances(request({ constraints: [c('hostname', 'UNIQUE')] }), o, [placed('old', { agentId: 'a1', hostname: 'h1' })], 2);
    expect(batch.placements).toHaveLength(0);
    expect(batch.remaining).toBe(o.resources);
  });

  it('MAX_PER sees earlier placements of the batch', () => {
    const batch = placeInstances(request({ constraints: [c('rack', 'MAX_PER', '2')] }), o, [], 4);
    expect(batch.placements).toHaveLength(2);
    expect(batch.rejection?.[0].message).toBe('MAX_PER rack:2: rack r1 already has 2');
  });

  it('places nothing for a count of 0', () => {
    expect(placeInstances(request(), o, [], 0)).toEqual({ placements: [], remaining: o.resources });
  });
});
