/**
 * A sorted list of distinct items kept as a list of small sorted chunks (the idea of Python's
 * `sortedcontainers`): inserting or removing one item costs two binary searches and a splice of
 * at most 2 x `chunkSize` elements instead of shifting the whole list. Items are compared with
 * `compare`, which must be a total order in which only an item equals itself; an item's key
 * must not change while it is in the list (remove it, change it, insert it again).
 */
export class SortedList<T> {
  private chunks: T[][] = [];
  private count = 0;

  constructor(
    private readonly compare: (a: T, b: T) => number,
    private readonly chunkSize = 64,
  ) {}

  get length(): number {
    return this.count;
  }

  /** Replaces the contents with `sorted`, which must already be in order. */
  reset(sorted: readonly T[]): void {
    this.chunks = [];
    for (let i = 0; i < sorted.length; i += this.chunkSize) this.chunks.push(sorted.slice(i, i + this.chunkSize));
    this.count = sorted.length;
  }

  insert(item: T): void {
    const { chunks } = this;
    if (chunks.length === 0) {
      chunks.push([item]);
      this.count = 1;
      return;
    }
    // The first chunk whose last item sorts after `item`, or the last chunk.
    const c = Math.min(this.chunkAfter(item, false), chunks.length - 1);
    const chunk = chunks[c];
    chunk.splice(this.upperBound(chunk, item), 0, item);
    this.count++;
    if (chunk.length > 2 * this.chunkSize) chunks.splice(c + 1, 0, chunk.splice(this.chunkSize));
  }

  /** Removes `item`; returns false when it is not in the list. */
  remove(item: T): boolean {
    const { chunks } = this;
    const c = this.chunkAfter(item, true);
    if (c === chunks.length) return false;
    const chunk = chunks[c];
    const i = this.upperBound(chunk, item) - 1;
    if (i < 0 || chunk[i] !== item) return false;
    chunk.splice(i, 1);
    this.count--;
    if (chunk.length === 0) chunks.splice(c, 1);
    return true;
  }

  /** The first item, in order, for which `predicate` holds. */
  find(predicate: (item: T) => boolean): T | undefined {
    for (const chunk of this.chunks) {
      for (const item of chunk) if (predicate(item)) return item;
    }
    return undefined;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (const chunk of this.chunks) for (const item of chunk) out.push(item);
    return out;
  }

  /** Index of the first chunk whose last item sorts after `item` (or is `item`, when `orEqual`). */
  private chunkAfter(item: T, orEqual: boolean): number {
    const { chunks } = this;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const order = this.compare(chunks[mid][chunks[mid].length - 1], item);
      if (order > 0 || (orEqual && order === 0)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Index of the first item of `chunk` that sorts after `item`. */
  private upperBound(chunk: readonly T[], item: T): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(chunk[mid], item) > 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
