import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkKey, KeyValueStore } from './store';

const VALUE_FILE = '.value';

/**
 * Records as files under a directory: key `a/b` is stored in `<dir>/a/b/.value`, so a key can have
 * both a value and children. Writes go to a temporary file, are fsynced and renamed into place,
 * then the directory is fsynced: a crash leaves the old or the new value, never a torn one.
 */
export class FileStore implements KeyValueStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return readFileSync(this.valuePath(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async put(key: string, value: Buffer): Promise<void> {
    const path = this.valuePath(key);
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, value);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    syncDir(dirname(path));
  }

  async delete(key: string): Promise<void> {
    rmSync(join(this.dir, ...checkKey(key)), { recursive: true, force: true });
    syncDir(dirname(join(this.dir, ...checkKey(key))));
  }

  async children(prefix: string): Promise<string[]> {
    const base = prefix.replace(/^\/+|\/+$/g, '') === '' ? this.dir : join(this.dir, ...checkKey(prefix));
    try {
      return readdirSync(base, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private valuePath(key: string): string {
    return join(this.dir, ...checkKey(key), VALUE_FILE);
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  }
}
