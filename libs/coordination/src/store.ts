/** One change of a batch: put a value, or delete a key together with everything below it. */
export type StoreOp = { readonly op: 'put'; readonly key: string; readonly value: Buffer } | { readonly op: 'delete'; readonly key: string };

/**
 * Durable storage of small records under slash-separated keys (`apps/prod_web/2026-...`).
 * `put`, `delete` and `batch` resolve only once the change is durable, so callers persist before
 * they acknowledge. Keys are made of segments of `[A-Za-z0-9._:-]`; values are opaque bytes.
 */
export interface KeyValueStore {
  get(key: string): Promise<Buffer | undefined>;
  put(key: string, value: Buffer): Promise<void>;
  /** Removes the key and every key below it. */
  delete(key: string): Promise<void>;
  /** Applies the ops in order, all or none (one durable write where the store allows). */
  batch(ops: readonly StoreOp[]): Promise<void>;
  /** The direct children of `prefix` (segment names, sorted). */
  children(prefix: string): Promise<string[]>;
}

const SEGMENT = /^[A-Za-z0-9._:-]+$/;

export function checkKey(key: string): string[] {
  const segments = key.split('/').filter((s) => s.length > 0);
  if (segments.length === 0 || segments.some((s) => !SEGMENT.test(s) || s === '.' || s === '..')) {
    throw new Error(`invalid store key '${key}'`);
  }
  return segments;
}

/** `prefix` as segments; the empty list for the root (`''` or `/`). */
export function checkPrefix(prefix: string): string[] {
  return prefix.replace(/^\/+|\/+$/g, '') === '' ? [] : checkKey(prefix);
}
