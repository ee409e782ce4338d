import { DueHeap } from './due-heap';

describe('DueHeap', () => {
  it('pops what is due, earliest first, and keeps the rest', () => {
    const heap = new DueHeap();
    heap.set('c', 30);
    heap.set('a', 10);
    heap.set('b', 20);
    expect(heap.peek()).toBe(10);
    expect(heap.popDue(25)).toEqual(['a', 'b']);
    expect(heap.peek()).toBe(30);
    expect(heap.size).toBe(1);
  });

  it('moving or deleting a key leaves no stale entry behind', () => {
    const heap = new DueHeap();
    heap.set('a', 10);
    heap.set('a', 50);
    heap.set('b', 20);
    heap.delete('b');
    expect(heap.popDue(40)).toEqual([]);
    expect(heap.popDue(50)).toEqual(['a']);
    heap.set('c', undefined);
    expect(heap.peek()).toBeUndefined();
  });

  it('stays ordered over many random changes', () => {
    const heap = new DueHeap();
    const truth = new Map<string, number>();
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 5000; i++) {
      const key = `k${Math.floor(rand() * 300)}`;
      if (rand() < 0.2) {
        heap.delete(key);
        truth.delete(key);
      } else {
        const at = Math.floor(rand() * 10_000);
        heap.set(key, at);
        truth.set(key, at);
      }
    }
    const popped = heap.popDue(10_000);
    const expected = [...truth.entries()].sort((x, y) => x[1] - y[1]).map(([k]) => k);
    expect(popped.map((k) => truth.get(k))).toEqual(expected.map((k) => truth.get(k)));
    expect(new Set(popped)).toEqual(new Set(expected));
  });
});
