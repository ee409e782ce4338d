import { ResourceQuantities } from '@strato/resources';
import type { Sorter } from './sorter';
import { DrfSorter } from './sorter-drf';
import { RandomSorter } from './sorter-random';
import { qty, seededRandom } from './test-fixtures';

// The contract every sorter keeps, whatever its policy (Mesos sorter_tests.cpp CommonSorterTest).
const sorters: [string, () => Sorter][] = [
  ['DrfSorter', () => new DrfSorter(qty('cpus:100;mem:102400'))],
  ['RandomSorter', () => new RandomSorter(seededRandom(7))],
];

describe.each(sorters)('%s (sorter contract)', (_name, make) => {
  let sorter: Sorter;
  beforeEach(() => {
    sorter = make();
  });

  it('sorts every active client exactly once', () => {
    for (const c of ['a', 'b', 'c', 'd']) sorter.add(c);
    expect([...sorter.sort()].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(sorter.activeCount()).toBe(4);
  });

  it('rejects a duplicate client and a weight that is not positive', () => {
    sorter.add('a');
    expect(() => sorter.add('a')).toThrow(/already added/);
    expect(() => sorter.add('b', 0)).toThrow(/invalid weight/);
    expect(() => sorter.add('c', Number.NaN)).toThrow(/invalid weight/);
    expect(() => sorter.updateWeight('a', -1)).toThrow(/invalid weight/);
    expect(sorter.has('b')).toBe(false);
  });

  it('forgets a removed client and throws on unknown clients', () => {
    sorter.add('a');
    sorter.add('b');
    sorter.remove('a');
    expect(sorter.has('a')).toBe(false);
    expect(sorter.sort()).toEqual(['b']);
    for (const call of [
      () => sorter.remove('a'),
      () => sorter.activate('x'),
      () => sorter.deactivate('x'),
      () => sorter.updateWeight('x', 2),
      () => sorter.allocated('x', qty('cpus:1')),
      () => sorter.unallocated('x', qty('cpus:1')),
      () => sorter.allocation('x'),
    ]) {
      expect(call).toThrow(/unknown client/);
    }
  });

  it('leaves deactivated clients out of the order but keeps their allocation', () => {
    sorter.add('a');
    sorter.add('b');
    sorter.allocated('a', qty('cpus:2'));
    sorter.deactivate('a');
    sorter.deactivate('a');
    expect(sorter.sort()).toEqual(['b']);
    expect(sorter.activeCount()).toBe(1);
    expect(sorter.allocation('a').get('cpus')).toBe(2000);
    sorter.activate('a');
    sorter.activate('a');
    expect([...sorter.sort()].sort()).toEqual(['a', 'b']);
    expect(sorter.activeCount()).toBe(2);
  });

  it('accumulates allocations and clamps returns at zero', () => {
    sorter.add('a');
    sorter.allocated('a', qty('cpus:1;mem:100'));
    sorter.allocated('a', qty('cpus:2'));
    sorter.unallocated('a', qty('mem:40'));
    expect(sorter.allocation('a').toString()).toBe('cpus:3;mem:60');
    sorter.unallocated('a', qty('cpus:5;mem:60'));
    expect(sorter.allocation('a').isEmpty()).toBe(true);
  });

  it('hands out orders that later changes never modify', () => {
    for (const c of ['a', 'b', 'c']) sorter.add(c);
    const first = sorter.sort();
    const copy = [...first];
    sorter.allocated(first[0], qty('cpus:50'));
    sorter.add('d');
    sorter.deactivate(first[1]);
    sorter.updateWeight(first[2], 5);
    sorter.sort();
    sorter.allocated(first[2], qty('mem:50000'));
    expect(first).toEqual(copy);
  });

  it('finds only active clients that match', () => {
    for (const c of ['a', 'b', 'c', 'd']) sorter.add(c);
    sorter.deactivate('b');
    expect(sorter.find((c) => c === 'b')).toBeUndefined();
    expect(sorter.find((c) => c === 'x')).toBeUndefined();
    expect(['c', 'd']).toContain(sorter.find((c) => c === 'c' || c === 'd'));
    const seen: string[] = [];
    expect(sorter.find((c) => (seen.push(c), false))).toBeUndefined();
    expect(seen.sort()).toEqual(['a', 'c', 'd']);
  });

  it('an added client holds nothing', () => {
    sorter.add('a', 3);
    expect(sorter.allocation('a')).toBe(ResourceQuantities.EMPTY);
  });
});
