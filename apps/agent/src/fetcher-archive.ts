import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { basename, join } from 'node:path';

export type ArchiveKind = 'tar' | 'gzip' | 'zip';

/** The external programs used for extraction (overridable for tests). */
export interface ArchiveTools {
  readonly tar: string;
  readonly gzip: string;
  readonly unzip: string;
}

export const SYSTEM_TOOLS: ArchiveTools = { tar: 'tar', gzip: 'gzip', unzip: 'unzip' };

const TAR_SUFFIXES = ['.tar', '.tar.gz', '.tgz', '.tar.bz2', '.tbz2', '.tar.xz', '.txz'];

/** What kind of archive a file name denotes (Mesos' list), or undefined for anything else. */
export function archiveKind(name: string): ArchiveKind | undefined {
  const lower = name.toLowerCase();
  if (TAR_SUFFIXES.some((s) => lower.endsWith(s))) return 'tar';
  if (lower.endsWith('.gz')) return 'gzip';
  if (lower.endsWith('.zip')) return 'zip';
  return undefined;
}

/**
 * Extracts `archive` into `dir` with the system tools (no shell; the archive is kept, as Mesos
 * does). A `.gz` that is not a tarball is one file: `x.gz` becomes `x` in `dir`. Returns the kind.
 */
export async function extractArchive(archive: string, dir: string, tools: ArchiveTools = SYSTEM_TOOLS): Promise<ArchiveKind | undefined> {
  const kind = archiveKind(basename(archive));
  switch (kind) {
    case 'tar':
      // GNU tar detects the compression itself, strips leading '/' and refuses members with '..'.
      await run(tools.tar, ['--no-same-owner', '-C', dir, '-xf', archive]);
      break;
    case 'gzip':
      await run(tools.gzip, ['-dc', '--', archive], join(dir, basename(archive).slice(0, -'.gz'.length)));
      break;
    case 'zip':
      await run(tools.unzip, ['-o', '-q', archive, '-d', dir]);
      break;
  }
  return kind;
}

const MAX_STDERR = 4096;

/** Runs `file args` (stdout to `stdoutFile` when given); rejects with the tool's exit status and stderr. */
function run(file: string, args: string[], stdoutFile?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = stdoutFile ? createWriteStream(stdoutFile) : undefined;
    const child = spawn(file, args, { stdio: ['ignore', out ? 'pipe' : 'ignore', 'pipe'], shell: false });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += chunk.toString('utf8');
    });
    if (out) child.stdout?.pipe(out);
    const outClosed = out ? new Promise<void>((r) => out.once('close', () => r())) : Promise.resolve();
    child.once('error', (e: NodeJS.ErrnoException) => {
      out?.destroy();
      if (e.code === 'ENOENT') reject(new Error(`'${basename(file)}' is not installed (needed to extract this archive)`));
      else reject(new Error(`${basename(file)} failed: ${e.message}`));
    });
    child.once('close', (code, signal) => {
      void outClosed.then(() => {
        if (code === 0) return resolve();
        const how = signal ? `signal ${signal}` : `status ${code}`;
        reject(new Error(`${basename(file)} exited with ${how}${stderr.trim() ? `: ${stderr.trim().slice(0, MAX_STDERR)}` : ''}`));
      });
    });
  });
}
