import * as grpc from '@grpc/grpc-js';
import { isStratoError, StratoError } from '@strato/errors';
import * as pb from '@strato/proto';
import { toGrpcError } from '@strato/service';
import { acceptCall, acknowledgeCall, frameworkInfoFrom, subscribeRequest } from './calls';
import { errorFromGrpc } from './connection';
import { eventFromProto } from './events';
import { masterTarget } from './master-address';

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('frameworkInfoFrom', () => {
  it('fills Mesos defaults', () => {
    const info = frameworkInfoFrom({ name: 'fw' });
    expect(info).toMatchObject({ name: 'fw', roles: ['*'], failoverTimeoutMs: 0, checkpoint: false, capabilities: [], labels: [] });
    expect(info.user.length).toBeGreaterThan(0);
    expect(info.id).toBeUndefined();
  });

  it('refuses what the master would refuse', () => {
    expect(isStratoError(thrown(() => frameworkInfoFrom({ name: ' ' })), 'INVALID_ARGUMENT')).toBe(true);
    expect(isStratoError(thrown(() => frameworkInfoFrom({ name: 'x', roles: ['bad role'] })), 'INVALID_ARGUMENT')).toBe(true);
    expect(isStratoError(thrown(() => frameworkInfoFrom({ name: 'x', failoverTimeoutMs: -1 })), 'INVALID_ARGUMENT')).toBe(true);
  });

  it('goes on the wire in seconds, with the current framework id and suppressed roles', () => {
    const info = frameworkInfoFrom({ name: 'fw', user: 'u', roles: ['a', 'b'], failoverTimeoutMs: 604_800_000, capabilities: ['PARTITION_AWARE'] });
    expect(subscribeRequest(info, 'fw-7', ['b'])).toEqual({
      frameworkInfo: expect.objectContaining({ id: 'fw-7', user: 'u', roles: ['a', 'b'], failoverTimeout: 604_800, capabilities: [pb.FrameworkInfo_Capability.PARTITION_AWARE] }),
      suppressedRoles: ['b'],
    });
  });
});

describe('call builders', () => {
  it('needs offers to accept and a uuid to acknowledge', () => {
    expect(isStratoError(thrown(() => acceptCall([], [])), 'INVALID_ARGUMENT')).toBe(true);
    expect(isStratoError(thrown(() => acknowledgeCall({ taskId: 't', agentId: 'a' })), 'INVALID_ARGUMENT')).toBe(true);
  });
});

describe('errorFromGrpc', () => {
  it('reads the stable code from metadata', () => {
    const error = errorFromGrpc(toGrpcError(new StratoError('PERMISSION_DENIED', 'stale stream')));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', message: 'stale stream' });
  });

  it('derives a code from the gRPC status when there is no metadata', () => {
    const bare = (code: grpc.status) => Object.assign(new Error('x'), { code, details: 'x', metadata: new grpc.Metadata() });
    expect(errorFromGrpc(bare(grpc.status.PERMISSION_DENIED)).code).toBe('PERMISSION_DENIED');
    expect(errorFromGrpc(bare(grpc.status.DEADLINE_EXCEEDED)).code).toBe('UNAVAILABLE');
    expect(errorFromGrpc(bare(grpc.status.UNKNOWN)).code).toBe('INTERNAL');
  });
});

describe('eventFromProto', () => {
  it('converts heartbeat intervals to ms and keeps unreadable offers aside', () => {
    expect(eventFromProto({ event: { $case: 'subscribed', value: { frameworkId: 'f', streamId: 's', heartbeatIntervalSeconds: 1.5, masterInfo: undefined } } })).toEqual({
      type: 'subscribed',
      frameworkId: 'f',
      streamId: 's',
      heartbeatIntervalMs: 1500,
      masterInfo: undefined,
    });
    const bad: pb.Offer = { id: 'o1', frameworkId: 'f', agentId: 'a', hostname: 'h', attributes: [], allocationRole: '', url: '', resources: [{ name: 'cpus', type: pb.Value_Type.SCALAR, scalar: { value: -1 }, role: '', allocationRole: '' }] };
    const event = eventFromProto({ event: { $case: 'offers', value: { offers: [bad] } } });
    expect(event).toMatchObject({ type: 'offers', offers: [], unreadable: [{ offerId: 'o1' }] });
  });
});

describe('masterTarget', () => {
  it('accepts host:port and refuses ZooKeeper URLs and junk', () => {
    expect(masterTarget(' localhost:5050 ')).toBe('localhost:5050');
    expect(masterTarget('[::1]:5050')).toBe('[::1]:5050');
    expect(thrown(() => masterTarget('zk://zk1:2181/mesos'))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/ZooKeeper URL, not an address/) });
    expect(isStratoError(thrown(() => masterTarget('localhost')), 'INVALID_ARGUMENT')).toBe(true);
  });
});
