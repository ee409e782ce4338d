import { RandomSorter } from './sorter-random';
import { qty, seededRandom } from './test-fixtures';

describe('RandomSorter', () => {
  it('is deterministic for a given random source', () => {
    const orders = [1, 2].map(() => {
      const s = new RandomSorter(seededRandom(42));
      for (const c of ['a', 'b', 'c', 'd', 'e']) s.add(c);
      return [s.sort(), s.sort(), s.sort()].map((o) => o.join());
    });
    expect(orders[0]).toEqual(orders[1]);
    expect(new Set(orders[0]).size).toBeGreaterThan(1);
  });

  it('puts a client first in proportion to its weight', () => {
    const s = new RandomSorter(seededRandom(3));
    s.add('heavy', 3);
    s.add('light', 1);
    let heavyFirst = 0;
    const runs = 4000;
    for (let i = 0; i < runs; i++) if (s.sort()[0] === 'heavy') heavyFirst++;
    expect(heavyFirst / runs).toBeGreaterThan(0.72);
    expect(heavyFirst / runs).toBeLessThan(0.78);
  });

  it('does not let allocations change the odds', () => {
    const s = new RandomSorter(seededRandom(5));
    s.add('rich');
    s.add('poor');
    s.allocated('rich', qty('cpus:1000;mem:100000'));
    let richFirst = 0;
    for (let i = 0; i < 2000; i++) if (s.sort()[0] === 'rich') richFirst++;
    expect(richFirst / 2000).toBeGreaterThan(0.45);
    expect(richFirst / 2000).toBeLessThan(0.55);
  });
});
