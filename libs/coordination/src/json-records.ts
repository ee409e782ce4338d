import { KeyValueStore } from './store';

/** Typed JSON records of one category in a store (`<category>/<id>`). */
export class JsonRecords<T> {
  constructor(
    private readonly store: KeyValueStore,
    private readonly category: string,
  ) {}

  async get(id: string): Promise<T | undefined> {
    const raw = await this.store.get(this.key(id));
    return raw ? (JSON.parse(raw.toString('utf8')) as T) : undefined;
  }

  put(id: string, value: T): Promise<void> {
    return this.store.put(this.key(id), Buffer.from(JSON.stringify(value)));
  }

  delete(id: string): Promise<void> {
    return this.store.delete(this.key(id));
  }

  ids(): Promise<string[]> {
    return this.store.children(this.category);
  }

  async all(): Promise<T[]> {
    const out: T[] = [];
    for (const id of await this.ids()) {
      const value = await this.get(id);
      if (value !== undefined) out.push(value);
    }
    return out;
  }

  private key(id: string): string {
    return `${this.category}/${id}`;
  }
}
