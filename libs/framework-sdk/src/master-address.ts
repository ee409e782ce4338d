import type { MasterInfo } from '@strato/domain';
import { invalidArgument, StratoError } from '@strato/errors';
import { parseHostPort } from '@strato/service';

/**
 * Validates a master's gRPC address and returns it as a gRPC target (`host:port`, IPv6 in
 * brackets). `zk://` is refused: ZooKeeper detection is a leader detector function, not a string.
 */
export function masterTarget(text: string): string {
  const trimmed = String(text ?? '').trim();
  if (/^zk:\/\//i.test(trimmed)) {
    throw invalidArgument(`master '${trimmed}' is a ZooKeeper URL: pass a leader detector function instead`);
  }
  try {
    const { host, port } = parseHostPort(trimmed);
    return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  } catch (error) {
    throw error instanceof StratoError ? error : invalidArgument(`invalid master address '${trimmed}': expected host:port`);
  }
}

/** What we know of a master that did not describe itself in SUBSCRIBED. */
export function masterInfoFromTarget(target: string): MasterInfo {
  const { host, port } = parseHostPort(target);
  return { id: '', hostname: host, ip: '', port: 0, grpcPort: port, version: '', pid: '' };
}
