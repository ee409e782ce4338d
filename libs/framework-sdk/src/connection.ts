import * as grpc from '@grpc/grpc-js';
import { ErrorCode, getErrorMessage, StratoError } from '@strato/errors';
import * as pb from '@strato/proto';
import { fromGrpcError, GRPC_ERROR_CODE_KEY } from '@strato/service';

/** Receives one subscription's events; `closed` is called once, with why when it was an error. */
export interface StreamSink {
  event(event: pb.Event): void;
  closed(error: StratoError | undefined): void;
}

export interface EventStream {
  /** Closes the stream without notifying the sink. */
  cancel(): void;
}

/**
 * The transport to one master: the only place that knows it is gRPC. The driver creates one per
 * master address and closes it when the leader moves or the driver stops.
 */
export interface MasterConnection {
  readonly address: string;
  subscribe(request: pb.Call_Subscribe, sink: StreamSink): EventStream;
  /** Rejects with a `StratoError` carrying the master's stable code. */
  send(call: pb.Call, timeoutMs: number): Promise<void>;
  close(): void;
}

export type ConnectionFactory = (address: string) => MasterConnection;

// Offers for big clusters exceed gRPC's 4 MiB default; keepalive notices dead peers between heartbeats.
const CLIENT_OPTIONS: grpc.ClientOptions = {
  'grpc.max_receive_message_length': 64 * 1024 * 1024,
  'grpc.keepalive_time_ms': 30_000,
};

const BY_STATUS: Partial<Record<grpc.status, ErrorCode>> = {
  [grpc.status.INVALID_ARGUMENT]: 'INVALID_ARGUMENT',
  [grpc.status.NOT_FOUND]: 'NOT_FOUND',
  [grpc.status.ALREADY_EXISTS]: 'ALREADY_EXISTS',
  [grpc.status.PERMISSION_DENIED]: 'PERMISSION_DENIED',
  [grpc.status.UNAUTHENTICATED]: 'PERMISSION_DENIED',
  [grpc.status.FAILED_PRECONDITION]: 'FAILED_PRECONDITION',
  [grpc.status.ABORTED]: 'CONFLICT',
  [grpc.status.UNAVAILABLE]: 'UNAVAILABLE',
  [grpc.status.DEADLINE_EXCEEDED]: 'UNAVAILABLE',
  [grpc.status.CANCELLED]: 'UNAVAILABLE',
};

/**
 * A typed error from a gRPC failure: the master's `strato-error-code` when present, otherwise
 * derived from the gRPC status (a master that is down never gets to set metadata).
 */
export function errorFromGrpc(error: unknown): StratoError {
  if (error instanceof StratoError) return error;
  const serviceError = error as grpc.ServiceError;
  if (typeof serviceError?.code !== 'number') return new StratoError('INTERNAL', getErrorMessage(error));
  const typed = fromGrpcError(serviceError);
  const hasCode = (serviceError.metadata?.get(GRPC_ERROR_CODE_KEY).length ?? 0) > 0;
  if (hasCode) return typed;
  return new StratoError(BY_STATUS[serviceError.code as grpc.status] ?? typed.code, typed.message);
}

class GrpcMasterConnection implements MasterConnection {
  private readonly client: pb.SchedulerClient;

  constructor(readonly address: string) {
    this.client = new pb.SchedulerClient(address, grpc.credentials.createInsecure(), CLIENT_OPTIONS);
  }

  subscribe(request: pb.Call_Subscribe, sink: StreamSink): EventStream {
    const call = this.client.subscribe(request);
    let open = true;
    const finish = (error: StratoError | undefined) => {
      if (!open) return;
      open = false;
      sink.closed(error);
    };
    call.on('data', (event: pb.Event) => open && sink.event(event));
    call.on('error', (error: grpc.ServiceError) => finish(errorFromGrpc(error)));
    call.on('end', () => finish(undefined));
    return {
      cancel: () => {
        open = false;
        call.cancel();
      },
    };
  }

  send(call: pb.Call, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + Math.max(1, timeoutMs);
      this.client.send(call, new grpc.Metadata(), { deadline }, (error) =>
        error ? reject(errorFromGrpc(error)) : resolve(),
      );
    });
  }

  close(): void {
    this.client.close();
  }
}

export const grpcConnection: ConnectionFactory = (address) => new GrpcMasterConnection(address);
