import express, { Request, Response, Router } from 'express';
import { Stats } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { sandboxesRoot } from './sandbox';
import { groupName, userName } from './user-names';

export class FilesError extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** `<root>/<agent>/frameworks/<fw>/executors/<ex>/runs/<container>[/...]`, relative to the sandboxes root. */
function isInsideSandbox(root: string, path: string): boolean {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return false;
  const parts = rel.split(sep);
  return parts.length >= 7 && parts[1] === 'frameworks' && parts[3] === 'executors' && parts[5] === 'runs';
}

/**
 * The real path of `requested` if it lies inside one of this agent's sandboxes; throws FilesError
 * otherwise. The check is made on the path as written and again after resolving symlinks, so
 * neither `..` nor a symlink can reach outside.
 */
export async function resolveSandboxPath(workDir: string, requested: unknown): Promise<string> {
  if (typeof requested !== 'string' || requested === '') throw new FilesError(400, "Expecting 'path' query parameter");
  if (!isAbsolute(requested) || requested.includes('\0')) throw new FilesError(403, `'${requested}' is not an absolute path`);
  const lexicalRoot = resolve(sandboxesRoot(workDir));
  let realRoot: string;
  try {
    realRoot = await realpath(lexicalRoot);
  } catch {
    throw new FilesError(404, `No sandboxes under ${lexicalRoot}`);
  }
  const lexical = resolve(requested);
  if (!isInsideSandbox(lexicalRoot, lexical) && !isInsideSandbox(realRoot, lexical)) {
    throw new FilesError(403, `'${requested}' is not inside a sandbox of this agent`);
  }
  let real: string;
  try {
    real = await realpath(lexical);
  } catch {
    throw new FilesError(404, `'${requested}' does not exist`);
  }
  if (!isInsideSandbox(realRoot, real)) throw new FilesError(403, `'${requested}' is not inside a sandbox of this agent`);
  return real;
}

const TYPE_CHAR: Array<[(s: Stats) => boolean, string]> = [
  [(s) => s.isDirectory(), 'd'],
  [(s) => s.isSymbolicLink(), 'l'],
  [(s) => s.isFIFO(), 'p'],
  [(s) => s.isSocket(), 's'],
  [(s) => s.isCharacterDevice(), 'c'],
  [(s) => s.isBlockDevice(), 'b'],
];

/** `drwxr-xr-x`, as Mesos shows modes. */
export function formatMode(s: Stats): string {
  const type = TYPE_CHAR.find(([test]) => test(s))?.[1] ?? '-';
  let bits = '';
  for (const shift of [6, 3, 0]) {
    const v = (s.mode >> shift) & 7;
    bits += (v & 4 ? 'r' : '-') + (v & 2 ? 'w' : '-') + (v & 1 ? 'x' : '-');
  }
  return type + bits;
}

/** One Mesos `/files/browse` entry. */
export function fileEntry(path: string, s: Stats): Record<string, unknown> {
  return {
    path,
    size: s.size,
    mode: formatMode(s),
    mtime: Math.floor(s.mtimeMs / 1000),
    nlink: s.nlink,
    uid: userName(s.uid),
    gid: groupName(s.gid),
  };
}

async function browse(workDir: string, path: unknown): Promise<Record<string, unknown>[]> {
  const real = await resolveSandboxPath(workDir, path);
  const requested = resolve(path as string);
  const s = await stat(real);
  if (!s.isDirectory()) return [fileEntry(requested, s)];
  const names = (await readdir(real)).sort();
  const out: Record<string, unknown>[] = [];
  for (const name of names) {
    // lstat: a symlink is listed as a link, never with the metadata of what it points to.
    const entry = await lstat(join(real, name)).catch(() => undefined);
    if (entry) out.push(fileEntry(join(requested, name), entry));
  }
  return out;
}

const MAX_READ = 4 * 1024 * 1024;

function integer(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < -1) throw new FilesError(400, `Failed to parse ${name}: '${String(value)}'`);
  return n;
}

async function read(workDir: string, query: Request['query']): Promise<{ data: string; offset: number }> {
  const real = await resolveSandboxPath(workDir, query.path);
  const s = await stat(real);
  if (s.isDirectory()) throw new FilesError(400, 'Cannot read a directory');
  const offset = integer(query.offset, 'offset', 0);
  if (offset === -1) return { data: '', offset: s.size };
  const length = Math.min(integer(query.length, 'length', MAX_READ), MAX_READ);
  if (offset >= s.size || length <= 0) return { data: '', offset };
  const handle = await open(real, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(length, s.size - offset));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
    return { data: buffer.subarray(0, bytesRead).toString('utf8'), offset };
  } finally {
    await handle.close();
  }
}

function answerError(res: Response, error: unknown): void {
  if (error instanceof FilesError) res.status(error.status).json({ message: error.message });
  else res.status(500).json({ message: (error as Error).message });
}

/** Mesos `/files/browse`, `/files/read` and `/files/download`, confined to this agent's sandboxes. */
export function filesRouter(workDir: string): Router {
  const router = express.Router();
  router.get('/files/browse', (req, res) => {
    browse(workDir, req.query.path).then((list) => res.json(list), (e) => answerError(res, e));
  });
  router.get('/files/read', (req, res) => {
    read(workDir, req.query).then((body) => res.json(body), (e) => answerError(res, e));
  });
  router.get('/files/download', (req, res) => {
    resolveSandboxPath(workDir, req.query.path)
      .then(async (real) => {
        if ((await stat(real)).isDirectory()) throw new FilesError(400, 'Cannot download a directory');
        res.download(real, basename(real), { dotfiles: 'allow' }, (e) => e && !res.headersSent && answerError(res, e));
      })
      .catch((e) => answerError(res, e));
  });
  return router;
}
