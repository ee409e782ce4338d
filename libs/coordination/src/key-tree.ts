import { checkKey, checkPrefix, StoreOp } from './store';

interface Node {
  value?: Buffer;
  readonly children: Map<string, Node>;
}

const node = (): Node => ({ children: new Map() });

/**
 * Keys as a tree of segments, so a key can hold a value and children, `children` is a map lookup
 * and a delete drops a whole subtree. Empty branches are pruned, so `children` lists only names
 * under which some value exists. The in-memory state of `MemoryStore` and `FileStore`.
 */
export class KeyTree {
  private readonly root = node();
  /** Every value by its full key, so a snapshot copies one map instead of walking the tree. */
  private readonly flat = new Map<string, Buffer>();

  get(key: string): Buffer | undefined {
    return this.find(checkKey(key))?.value;
  }

  children(prefix: string): string[] {
    return [...(this.find(checkPrefix(prefix))?.children.keys() ?? [])].sort();
  }

  /** Checks every key first, then applies the ops in order: all or none. */
  apply(ops: readonly StoreOp[]): void {
    const paths = ops.map((op) => checkKey(op.key));
    ops.forEach((op, i) => (op.op === 'put' ? this.set(paths[i], op.value) : this.remove(paths[i])));
  }

  /** Every key with a value (in the order first written), as of now: a copy, cheap even for many keys. */
  entries(): [string, Buffer][] {
    return [...this.flat];
  }

  private find(path: readonly string[]): Node | undefined {
    let at: Node | undefined = this.root;
    for (const segment of path) at = at?.children.get(segment);
    return at;
  }

  private set(path: readonly string[], value: Buffer): void {
    let at = this.root;
    for (const segment of path) {
      let next = at.children.get(segment);
      if (!next) at.children.set(segment, (next = node()));
      at = next;
    }
    at.value = Buffer.from(value);
    this.flat.set(path.join('/'), at.value);
  }

  /** Drops the subtree under `at` (whose key is `key`) from the flat map. */
  private forget(at: Node, key: string): void {
    if (at.value) this.flat.delete(key);
    for (const [name, child] of at.children) this.forget(child, `${key}/${name}`);
  }

  private remove(path: readonly string[]): void {
    const trail: Node[] = [this.root];
    for (const segment of path) {
      const next = trail[trail.length - 1].children.get(segment);
      if (!next) return;
      trail.push(next);
    }
    trail[trail.length - 2].children.delete(path[path.length - 1]);
    this.forget(trail[trail.length - 1], path.join('/'));
    for (let i = trail.length - 2; i > 0; i--) {
      if (trail[i].value || trail[i].children.size > 0) return;
      trail[i - 1].children.delete(path[i - 1]);
    }
  }
}
