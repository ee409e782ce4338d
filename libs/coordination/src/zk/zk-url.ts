/** A parsed `zk://` URL: the client's connect string and the znode path everything lives under. */
export interface ZkUrl {
  /** `host:port[,host:port…]`, as the ZooKeeper client takes it. */
  readonly servers: string;
  /** An absolute znode path without a trailing slash (`/` for the root). */
  readonly path: string;
}

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$/;
const SEGMENT = /^[A-Za-z0-9._:@-]+$/;

/**
 * Parses `zk://host:port,host2:port/path` (as Mesos, Marathon and Chronos take it). The port is
 * required; the path defaults to `/`. Credentials (`zk://user:pass@host…`) are refused with an error,
 * not ignored: digest authentication is not implemented, and silently dropping them would connect
 * without the access the operator asked for.
 */
export function parseZkUrl(url: string): ZkUrl {
  const bad = (why: string) => new Error(`invalid ZooKeeper URL '${url}': ${why} (expected zk://host:port[,host:port…]/path)`);
  const match = /^zk:\/\/([^/]*)(\/.*)?$/.exec(url.trim());
  if (!match) throw bad(url.startsWith('zk://') ? 'no servers' : "it must start with 'zk://'");
  const [, authority, rawPath = '/'] = match;
  if (authority.includes('@')) throw bad('credentials (user:pass@) are not supported');
  if (authority === '') throw bad('no servers');
  const servers = authority.split(',').map((server) => {
    const hostPort = /^(.*):(\d+)$/.exec(server);
    if (!hostPort) throw bad(`server '${server}' has no port`);
    const [, host, port] = hostPort;
    if (!HOST.test(host)) throw bad(`bad host '${host}'`);
    const n = Number(port);
    if (n < 1 || n > 65535) throw bad(`bad port ${port}`);
    return `${host}:${n}`;
  });
  const segments = rawPath.split('/').filter((s) => s.length > 0);
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || segment === '.' || segment === '..') throw bad(`bad path segment '${segment}'`);
  }
  return { servers: servers.join(','), path: `/${segments.join('/')}` };
}
