interface Entry {
  readonly atMs: number;
  readonly key: string;
}

/**
 * Keys ordered by the time they are due next: a binary min-heap with one live entry per key.
 * `set` replaces a key's time, `delete` forgets it; stale entries are skipped when they surface,
 * so each change costs O(log n) and finding what is due never scans every job.
 */
export class DueHeap {
  private readonly heap: Entry[] = [];
  private readonly current = new Map<string, number>();

  get size(): number {
    return this.current.size;
  }

  set(key: string, atMs: number | undefined): void {
    if (atMs === undefined) {
      this.current.delete(key);
      return;
    }
    if (this.current.get(key) === atMs) return;
    this.current.set(key, atMs);
    this.push({ atMs, key });
    if (this.heap.length > 2 * this.current.size + 64) this.rebuild();
  }

  delete(key: string): void {
    this.current.delete(key);
  }

  /** The earliest time anything is due, or undefined. */
  peek(): number | undefined {
    this.dropStale();
    return this.heap[0]?.atMs;
  }

  /** Removes and returns every key due at or before `nowMs`, earliest first. */
  popDue(nowMs: number): string[] {
    const out: string[] = [];
    for (;;) {
      this.dropStale();
      const top = this.heap[0];
      if (!top || top.atMs > nowMs) return out;
      this.pop();
      this.current.delete(top.key);
      out.push(top.key);
    }
  }

  private dropStale(): void {
    while (this.heap.length > 0 && this.current.get(this.heap[0]!.key) !== this.heap[0]!.atMs) this.pop();
  }

  private rebuild(): void {
    this.heap.length = 0;
    for (const [key, atMs] of this.current) this.push({ atMs, key });
  }

  private push(entry: Entry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.atMs <= h[i]!.atMs) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < h.length && h[l]!.atMs < h[min]!.atMs) min = l;
      if (r < h.length && h[r]!.atMs < h[min]!.atMs) min = r;
      if (min === i) return;
      [h[min], h[i]] = [h[i]!, h[min]!];
      i = min;
    }
  }
}
