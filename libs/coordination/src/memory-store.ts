import { KeyTree } from './key-tree';
import { KeyValueStore, StoreOp } from './store';

/** An in-memory store for unit tests. */
export class MemoryStore implements KeyValueStore {
  private readonly tree = new KeyTree();

  async get(key: string): Promise<Buffer | undefined> {
    const value = this.tree.get(key);
    return value && Buffer.from(value);
  }

  async put(key: string, value: Buffer): Promise<void> {
    this.tree.apply([{ op: 'put', key, value }]);
  }

  async delete(key: string): Promise<void> {
    this.tree.apply([{ op: 'delete', key }]);
  }

  async batch(ops: readonly StoreOp[]): Promise<void> {
    this.tree.apply(ops);
  }

  async children(prefix: string): Promise<string[]> {
    return this.tree.children(prefix);
  }
}
