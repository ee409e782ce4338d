import type { MarathonApp } from '@strato/haproxy-config';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export type Lookup = (host: string) => Promise<string>;

const systemLookup: Lookup = async (host) => (await lookup(host, { family: 4 })).address;

/**
 * Agent host names → IPs before rendering, because the runtime API's `set server addr` takes IPs only.
 * Results are cached in an LRU of `capacity` names (`--lru-cache-capacity`); failures are not cached.
 */
export class HostResolver {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly capacity: number,
    private readonly lookupHost: Lookup = systemLookup,
  ) {}

  async resolve(host: string): Promise<string | undefined> {
    if (isIP(host)) return host;
    const cached = this.cache.get(host);
    if (cached !== undefined) {
      this.cache.delete(host);
      this.cache.set(host, cached);
      return cached;
    }
    try {
      const ip = await this.lookupHost(host);
      this.cache.set(host, ip);
      if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
      return ip;
    } catch {
      return undefined;
    }
  }

  /** The apps with every task's host replaced by its IP; tasks whose host does not resolve are left out (as marathon-lb does). */
  async resolveApps(apps: readonly MarathonApp[]): Promise<MarathonApp[]> {
    const hosts = [...new Set(apps.flatMap((a) => a.tasks.map((t) => t.host)).filter((h) => h !== ''))];
    const ips = new Map(await Promise.all(hosts.map(async (h) => [h, await this.resolve(h)] as const)));
    return apps.map((app) => ({
      ...app,
      tasks: app.tasks.flatMap((task) => {
        const ip = ips.get(task.host);
        return ip === undefined ? [] : [{ ...task, host: ip }];
      }),
    }));
  }
}
