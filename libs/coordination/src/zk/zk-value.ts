import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Values larger than this are gzip-compressed (kept only when that makes them smaller). */
export const COMPRESS_ABOVE_BYTES = 256 * 1024;
/**
 * Encoded values larger than this are split into chunk nodes of at most this size. ZooKeeper refuses
 * packets over `jute.maxbuffer` (1 MiB - 1 by default) and drops the connection; 900 KiB leaves room
 * for the path and the request's framing.
 */
export const CHUNK_BYTES = 900 * 1024;

/** First byte of a znode's data: how the rest is stored. A znode with no data holds no value. */
export const Format = {
  Plain: 1,
  Gzip: 2,
  /** Followed by a JSON `ChunkHeader`; the bytes are in the node's chunk children. */
  Chunked: 3,
} as const;

/**
 * Chunk nodes are children of the value's node named `#<generation>-<index>`. Store key segments are
 * `[A-Za-z0-9._:-]+`, so no user key can be named like this (the `#` is refused by `checkKey`); every
 * name starting with `#` is internal and is left out of `children`.
 */
export const INTERNAL_PREFIX = '#';

interface ChunkHeader {
  /** Random per write: a new value's chunks never overwrite the old value's, so a put is atomic. */
  readonly gen: string;
  readonly count: number;
  readonly gzip: boolean;
  readonly bytes: number;
}

export interface EncodedValue {
  /** The data of the value's own znode. */
  readonly data: Buffer;
  /** Chunk nodes to create below it (before `data` is written). */
  readonly chunks: readonly { readonly name: string; readonly data: Buffer }[];
}

export async function encodeValue(value: Buffer): Promise<EncodedValue> {
  let body = value;
  let gzipped = false;
  if (value.length > COMPRESS_ABOVE_BYTES) {
    const compressed = await gzipAsync(value); // off the event loop
    if (compressed.length < value.length) {
      body = compressed;
      gzipped = true;
    }
  }
  if (body.length + 1 <= CHUNK_BYTES) {
    return { data: Buffer.concat([Buffer.of(gzipped ? Format.Gzip : Format.Plain), body]), chunks: [] };
  }
  const gen = randomBytes(4).toString('hex');
  const count = Math.ceil(body.length / CHUNK_BYTES);
  const chunks = Array.from({ length: count }, (_, i) => ({ name: chunkName(gen, i), data: body.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES) }));
  const header: ChunkHeader = { gen, count, gzip: gzipped, bytes: body.length };
  return { data: Buffer.concat([Buffer.of(Format.Chunked), Buffer.from(JSON.stringify(header))]), chunks };
}

/** The chunk children a node's data refers to (none unless it is chunked). */
export function chunkNames(data: Buffer): string[] {
  if (data.length === 0 || data[0] !== Format.Chunked) return [];
  const header = parseHeader(data, '');
  return Array.from({ length: header.count }, (_, i) => chunkName(header.gen, i));
}

/**
 * The value a znode's data holds (undefined for an empty node: a parent that holds no value).
 * `readChunk` reads one chunk child by name.
 */
export async function decodeValue(data: Buffer, path: string, readChunk: (name: string) => Promise<Buffer>): Promise<Buffer | undefined> {
  if (data.length === 0) return undefined;
  switch (data[0]) {
    case Format.Plain:
      return Buffer.from(data.subarray(1));
    case Format.Gzip:
      return gunzipAsync(data.subarray(1));
    case Format.Chunked: {
      const header = parseHeader(data, path);
      const chunks = await Promise.all(Array.from({ length: header.count }, (_, i) => readChunk(chunkName(header.gen, i))));
      const body = Buffer.concat(chunks);
      if (body.length !== header.bytes) throw new Error(`${path}: chunked value has ${body.length} bytes, its header says ${header.bytes}`);
      return header.gzip ? gunzipAsync(body) : body;
    }
    default:
      throw new Error(`${path}: unknown value format ${data[0]}`);
  }
}

function chunkName(gen: string, index: number): string {
  return `${INTERNAL_PREFIX}${gen}-${String(index).padStart(4, '0')}`;
}

function parseHeader(data: Buffer, path: string): ChunkHeader {
  const header = JSON.parse(data.subarray(1).toString('utf8')) as ChunkHeader;
  if (typeof header.gen !== 'string' || !Number.isInteger(header.count) || !Number.isInteger(header.bytes)) {
    throw new Error(`${path}: bad chunk header ${data.subarray(1, 200).toString('utf8')}`);
  }
  return header;
}
