import type { MasterInfo } from '@strato/domain';
import { invalidArgument, StratoError } from '@strato/errors';
import { parseHostPort } from '@strato/service';

/** True for `zk://…` (any case, surrounding blanks ignored): the master is followed in ZooKeeper. */
export function isZkUrl(text: string): boolean {
  return /^zk:\/\//i.test(String(text ?? '').trim());
}

/**
 * Validates a master's gRPC address and returns it as a gRPC target (`host:port`, IPv6 in
 * brackets). `zk://` is refused here: a ZooKeeper URL names a group to follow, not an address; the
 * driver resolves it to the leader's address with a detector before it gets here.
 */
export function masterTarget(text: string): string {
  const trimmed = String(text ?? '').trim();
  if (isZkUrl(trimmed)) {
    throw invalidArgument(`master '${trimmed}' is a ZooKeeper URL, not an address`);
  }
  try {
    const { host, port } = parseHostPort(trimmed);
    return hostPortTarget(host, port);
  } catch (error) {
    throw error instanceof StratoError ? error : invalidArgument(`invalid master address '${trimmed}': expected host:port`);
  }
}

/** Where a master described by its MasterInfo takes gRPC: `hostname:grpcPort`. */
export function targetOfMaster(info: Pick<MasterInfo, 'hostname' | 'grpcPort'>): string {
  return hostPortTarget(info.hostname, info.grpcPort);
}

function hostPortTarget(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** What we know of a master that did not describe itself in SUBSCRIBED. */
export function masterInfoFromTarget(target: string): MasterInfo {
  const { host, port } = parseHostPort(target);
  return { id: '', hostname: host, ip: '', port: 0, grpcPort: port, version: '', pid: '' };
}
