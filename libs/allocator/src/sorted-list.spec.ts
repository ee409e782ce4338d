import fc from 'fast-check';
import { SortedList } from './sorted-list';

interface Item {
  readonly id: number;
  key: number;
}

const compare = (a: Item, b: Item): number => a.key - b.key || a.id - b.id;

describe('SortedList', () => {
  it('keeps items in order across chunk splits and merges (property)', () => {
    const op = fc.record({ id: fc.integer({ min: 0, max: 60 }), key: fc.integer({ min: 0, max: 20 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.integer({ min: 1, max: 4 }), (ops, chunkSize) => {
        const list = new SortedList<Item>(compare, chunkSize);
        const items = new Map<number, Item>();
        for (const { id, key } of ops) {
          const existing = items.get(id);
          if (existing === undefined) {
            const item = { id, key };
            items.set(id, item);
            list.insert(item);
          } else if (key % 3 === 0) {
            expect(list.remove(existing)).toBe(true);
            items.delete(id);
          } else {
            list.remove(existing);
            existing.key = key;
            list.insert(existing);
          }
        }
        const expected = [...items.values()].sort(compare);
        expect(list.toArray()).toEqual(expected);
        expect(list.length).toBe(expected.length);
        expect(list.find((i) => i.key >= 10)).toBe(expected.find((i) => i.key >= 10));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses to remove an item it does not hold', () => {
    const list = new SortedList<Item>(compare, 2);
    const held = { id: 1, key: 5 };
    list.reset([{ id: 0, key: 1 }, held, { id: 2, key: 9 }]);
    expect(list.remove({ id: 1, key: 5 })).toBe(false);
    expect(list.remove({ id: 3, key: 99 })).toBe(false);
    expect(list.remove(held)).toBe(true);
    expect(list.toArray().map((i) => i.id)).toEqual([0, 2]);
  });
});
