import ZooKeeper from 'zookeeper';

const C = ZooKeeper.constants;

/** A failed ZooKeeper operation: `code` is the client's return code (`ZNONODE` = -101, …). */
export class ZkError extends Error {
  constructor(
    readonly code: number,
    readonly op: string,
    readonly path: string,
    what: string,
  ) {
    super(`ZooKeeper ${op} ${path}: ${what} (${code})`);
    this.name = new.target.name;
  }
}

/** `create` of a node that exists. */
export class NodeExistsError extends ZkError {}
/** The node (or, for `create`, its parent) does not exist. */
export class NoNodeError extends ZkError {}
/** A conditional `set`/`delete` found another version. */
export class BadVersionError extends ZkError {}
/** `delete` of a node that has children. */
export class NotEmptyError extends ZkError {}
/**
 * The connection was lost (or the operation timed out) before an answer came: the operation may or
 * may not have been applied. The session may survive; retry once `connected`.
 */
export class ConnectionLossError extends ZkError {}
/** The session expired or was closed: nothing more can be done with it; start a new one. */
export class SessionLostError extends ZkError {}

/** Maps a client return code to a typed error. */
export function zkError(code: number, op: string, path: string): ZkError {
  switch (code) {
    case C.ZNODEEXISTS:
      return new NodeExistsError(code, op, path, 'node exists');
    case C.ZNONODE:
      return new NoNodeError(code, op, path, op === 'create' ? 'no parent node' : 'no node');
    case C.ZBADVERSION:
      return new BadVersionError(code, op, path, 'bad version (the node changed)');
    case C.ZNOTEMPTY:
      return new NotEmptyError(code, op, path, 'node has children');
    case C.ZCONNECTIONLOSS:
    case C.ZOPERATIONTIMEOUT:
      return new ConnectionLossError(code, op, path, 'connection lost before an answer (the outcome is unknown)');
    case C.ZSESSIONEXPIRED:
      return new SessionLostError(code, op, path, 'session expired');
    case C.ZCLOSING:
    case C.ZINVALIDSTATE:
      return new SessionLostError(code, op, path, 'session closed or expired');
    case C.ZMARSHALLINGERROR:
      return new ZkError(code, op, path, 'request could not be marshalled (too large?)');
    default:
      return new ZkError(code, op, path, `error code ${code}`);
  }
}
