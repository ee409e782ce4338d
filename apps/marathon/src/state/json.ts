/** The bytes a record is stored as, and the frozen value the cache keeps (decoded from those bytes). */
export function encode(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

/**
 * Decodes stored bytes into a deeply frozen value: the cache holds exactly what a reload would read
 * (undefined fields dropped), and no caller can mutate it behind the store's back.
 */
export function decode<T>(bytes: Buffer, key: string): T {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new Error(`corrupt record at '${key}': ${(error as Error).message}`);
  }
  return deepFreeze(value) as T;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
