import * as grpc from '@grpc/grpc-js';
import { MasterInfo } from '@strato/domain';
import { StratoError, unavailable } from '@strato/errors';
import { toGrpcError } from '@strato/service';

/**
 * `standalone` (no ZooKeeper: this master always leads), `standby`, `recovering` (elected, reading
 * the registry), `leading`, `lost` (led and lost it: about to exit), `stopped`.
 */
export type MasterRole = 'standalone' | 'standby' | 'recovering' | 'leading' | 'lost' | 'stopped';

/** Whether this master may act, and who leads: what every edge and timer asks before it acts. */
export interface LeaderGate {
  readonly role: MasterRole;
  /** Standalone: always. HA: only while leading, within the ZooKeeper lease, and once the registry is recovered. */
  canAct(): boolean;
  /** Who leads (this master itself while it leads or runs standalone); undefined while unknown. */
  leader(): MasterInfo | undefined;
  /** Milliseconds since the epoch when this master became leader (its start time when standalone). */
  readonly electedTime?: number;
  /**
   * Resolves true as soon as this master can act, false once it cannot become able to (a standby,
   * lost, stopped) or after `timeoutMs`. For agents that reach a leader still recovering its registry:
   * held rather than refused, so a failover costs no refusal storm and no client backoff.
   */
  whenActing(timeoutMs: number): Promise<boolean>;
}

/** The metadata key with the leader's `host:grpcPort` on a refusal, for clients that want to go there. */
export const LEADER_METADATA_KEY = 'strato-leader';

export function standaloneGate(self: MasterInfo, startTime: number): LeaderGate {
  return { role: 'standalone', canAct: () => true, leader: () => self, electedTime: startTime, whenActing: () => Promise.resolve(true) };
}

export const grpcAddress = (info: MasterInfo) => `${info.hostname}:${info.grpcPort}`;

/** Why this master refuses to act now, as a typed UNAVAILABLE error naming the leader when known. */
export function notLeaderError(gate: LeaderGate): StratoError {
  const leader = gate.leader();
  switch (gate.role) {
    case 'recovering':
      return unavailable('this master was just elected and is recovering its registry; retry shortly');
    case 'leading':
      return unavailable('this master leads but cannot act now (its ZooKeeper connection is suspended); retry shortly');
    default:
      return unavailable(leader && gate.role !== 'lost' ? `this master is not the leader; the leader is ${grpcAddress(leader)}` : 'this master is not the leader; no leader is elected');
  }
}

/** The refusal as a gRPC error: UNAVAILABLE, the typed code, and `strato-leader` when another master leads. */
export function notLeaderGrpcError(gate: LeaderGate): Partial<grpc.ServiceError> {
  const error = toGrpcError(notLeaderError(gate));
  const leader = gate.leader();
  if (leader && (gate.role === 'standby' || gate.role === 'stopped')) error.metadata!.set(LEADER_METADATA_KEY, grpcAddress(leader));
  return error;
}
