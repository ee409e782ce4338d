import { Resources } from '@strato/resources';
import { existsSync, statfsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';

/** What the host has, in whole units (cpus) and MB. */
export interface HostFacts {
  readonly cpus: number;
  readonly memTotalMb: number;
  readonly diskTotalMb: number;
}

const MB = 1024 * 1024;
export const DEFAULT_PORTS = { begin: 31000, end: 32000 } as const;

/** Reads cpus, memory and the size of the filesystem holding `workDir` (or its nearest existing parent). */
export function probeHost(workDir: string): HostFacts {
  let dir = resolve(workDir);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const fs = statfsSync(dir);
  return {
    cpus: cpus().length,
    memTotalMb: Math.floor(totalmem() / MB),
    diskTotalMb: Math.floor((fs.blocks * fs.bsize) / MB),
  };
}

/** Mesos: leave 1 GB of memory to the system, or half when the host has less than 2 GB. */
export const detectedMemMb = (totalMb: number) => Math.max(0, totalMb >= 2048 ? totalMb - 1024 : Math.floor(totalMb / 2));

/** Mesos: leave 5 GB of disk to the system, or half when the filesystem has less than 10 GB. */
export const detectedDiskMb = (totalMb: number) => Math.max(0, totalMb >= 10240 ? totalMb - 5120 : Math.floor(totalMb / 2));

/**
 * The agent's total resources: whatever `--resources` names wins (all roles of that name), and
 * cpus, mem, disk and ports it does not name are detected and given `defaultRole`.
 */
export function agentResources(host: HostFacts, resourcesFlag: string | undefined, defaultRole = '*'): Resources {
  const given = resourcesFlag ? Resources.parse(resourcesFlag, defaultRole) : Resources.EMPTY;
  const named = new Set(given.names());
  let total = given;
  const detect = (name: string, make: () => Resources) => {
    if (!named.has(name)) total = total.add(make());
  };
  detect('cpus', () => Resources.scalar('cpus', host.cpus, defaultRole));
  detect('mem', () => Resources.scalar('mem', detectedMemMb(host.memTotalMb), defaultRole));
  detect('disk', () => Resources.scalar('disk', detectedDiskMb(host.diskTotalMb), defaultRole));
  detect('ports', () => Resources.ranges('ports', [DEFAULT_PORTS], defaultRole));
  return total;
}
