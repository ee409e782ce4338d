import { checkKey, KeyValueStore } from './store';

/** An in-memory store for unit tests. */
export class MemoryStore implements KeyValueStore {
  private readonly values = new Map<string, Buffer>();

  async get(key: string): Promise<Buffer | undefined> {
    return this.values.get(checkKey(key).join('/'));
  }

  async put(key: string, value: Buffer): Promise<void> {
    this.values.set(checkKey(key).join('/'), Buffer.from(value));
  }

  async delete(key: string): Promise<void> {
    const k = checkKey(key).join('/');
    for (const existing of [...this.values.keys()]) {
      if (existing === k || existing.startsWith(`${k}/`)) this.values.delete(existing);
    }
  }

  async children(prefix: string): Promise<string[]> {
    const p = prefix.replace(/^\/+|\/+$/g, '');
    const head = p === '' ? '' : `${checkKey(p).join('/')}/`;
    const names = new Set<string>();
    for (const key of this.values.keys()) {
      if (key.startsWith(head) && key.length > head.length) names.add(key.slice(head.length).split('/')[0]);
    }
    return [...names].sort();
  }
}
