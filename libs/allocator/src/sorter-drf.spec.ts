import fc from 'fast-check';
import type { ResourceQuantities } from '@strato/resources';
import { ShareBasis } from './share';
import { DrfSorter } from './sorter-drf';
import { qty } from './test-fixtures';

const TOTALS = qty('cpus:100;mem:1000;gpus:10');

describe('DrfSorter', () => {
  it('serves the smallest dominant share first', () => {
    const s = new DrfSorter(TOTALS);
    for (const c of ['a', 'b', 'c']) s.add(c);
    s.allocated('a', qty('cpus:50;mem:10')); // dominant cpus 0.5
    s.allocated('b', qty('cpus:1;mem:300')); // dominant mem 0.3
    s.allocated('c', qty('cpus:10')); // 0.1
    expect(s.sort()).toEqual(['c', 'b', 'a']);
    expect(s.share('a')).toBeCloseTo(0.5);
    expect(s.share('b')).toBeCloseTo(0.3);
  });

  it('breaks share ties by fewer allocations, then by name', () => {
    const s = new DrfSorter(TOTALS);
    for (const c of ['z', 'y', 'x']) s.add(c);
    s.allocated('z', qty('cpus:20')); // 0.2 in one allocation
    s.allocated('y', qty('cpus:10'));
    s.allocated('y', qty('cpus:10')); // 0.2 in two allocations
    s.allocated('x', qty('mem:200')); // 0.2 in one allocation
    expect(s.sort()).toEqual(['x', 'z', 'y']);
  });

  it('divides the share by the weight', () => {
    const s = new DrfSorter(TOTALS);
    s.add('heavy', 2);
    s.add('light');
    s.allocated('heavy', qty('cpus:30'));
    s.allocated('light', qty('cpus:20'));
    expect(s.share('heavy')).toBeCloseTo(0.15);
    expect(s.sort()).toEqual(['heavy', 'light']);
    s.updateWeight('heavy', 1);
    expect(s.sort()).toEqual(['light', 'heavy']);
  });

  it('converges a weight-2 client to twice the share of a weight-1 client', () => {
    const s = new DrfSorter(qty('cpus:3000;mem:3000'));
    s.add('w2', 2);
    s.add('w1');
    const unit = qty('cpus:1;mem:1');
    for (let i = 0; i < 3000; i++) s.allocated(s.sort()[0], unit);
    const w2 = s.allocation('w2').get('cpus');
    const w1 = s.allocation('w1').get('cpus');
    expect(w2 + w1).toBe(3_000_000);
    expect(Math.abs(w2 - 2 * w1)).toBeLessThanOrEqual(2 * 1000);
  });

  it('ignores resources excluded from fair sharing', () => {
    const s = new DrfSorter(TOTALS, ['gpus']);
    s.add('a');
    s.add('b');
    s.allocated('a', qty('gpus:9;cpus:1'));
    s.allocated('b', qty('cpus:2'));
    expect(s.sort()).toEqual(['a', 'b']);
    s.updateTotals(TOTALS);
    expect(s.sort()).toEqual(['b', 'a']);
  });

  it('ignores resources the cluster does not have', () => {
    expect(new ShareBasis(qty('cpus:4')).share(qty('cpus:1;mem:64'))).toBeCloseTo(0.25);
  });

  it('moves a client back when resources are returned', () => {
    const s = new DrfSorter(TOTALS);
    for (const c of ['a', 'b', 'c']) s.add(c);
    s.allocated('a', qty('cpus:30'));
    s.allocated('b', qty('cpus:20'));
    s.allocated('c', qty('cpus:10'));
    expect(s.sort()).toEqual(['c', 'b', 'a']);
    s.unallocated('a', qty('cpus:25'));
    expect(s.sort()).toEqual(['a', 'c', 'b']);
  });

  it('keeps the incremental order equal to a full sort (property)', () => {
    const op = fc.record({
      client: fc.integer({ min: 0, max: 5 }),
      kind: fc.constantFrom('alloc', 'alloc', 'unalloc', 'weight', 'deactivate', 'activate', 'sort'),
      cpus: fc.integer({ min: 0, max: 30 }),
      mem: fc.integer({ min: 0, max: 300 }),
      weight: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const s = new DrfSorter(TOTALS);
        const model = new Map<string, { q: ResourceQuantities; n: number; w: number; on: boolean }>();
        for (let i = 0; i < 6; i++) {
          s.add(`c${i}`);
          model.set(`c${i}`, { q: qty(''), n: 0, w: 1, on: true });
        }
        for (const o of ops) {
          const name = `c${o.client}`;
          const m = model.get(name)!;
          const amount = qty(`cpus:${o.cpus};mem:${o.mem}`);
          switch (o.kind) {
            case 'alloc':
              s.allocated(name, amount);
              m.q = m.q.add(amount);
              m.n++;
              break;
            case 'unalloc':
              s.unallocated(name, amount);
              m.q = m.q.subtract(amount);
              break;
            case 'weight':
              s.updateWeight(name, o.weight);
              m.w = o.weight;
              break;
            case 'deactivate':
            case 'activate':
              s[o.kind](name);
              m.on = o.kind === 'activate';
              break;
            default:
              s.sort();
          }
        }
        const basis = new ShareBasis(TOTALS);
        const expected = [...model.entries()]
          .filter(([, m]) => m.on)
          .map(([name, m]) => ({ name, share: basis.share(m.q, m.w), n: m.n }))
          .sort((a, b) => a.share - b.share || a.n - b.n || (a.name < b.name ? -1 : 1))
          .map((c) => c.name);
        expect(s.sort()).toEqual(expected);
        expect(s.find((c) => c !== expected[0])).toBe(expected[1]);
      }),
      { numRuns: 300 },
    );
  });
});
