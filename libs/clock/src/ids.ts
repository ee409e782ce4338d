import { randomUUID } from 'node:crypto';

/** Produces ids; injected so tests get predictable ones. */
export interface IdGen {
  next(): string;
}

export function sequentialIds(prefix = 'id-'): IdGen {
  let n = 0;
  return { next: () => `${prefix}${n++}` };
}

export const randomUuid: IdGen = { next: () => randomUUID() };
