import * as grpc from '@grpc/grpc-js';
import { ErrorCode, getErrorMessage, isStratoError, StratoError } from '@strato/errors';

export const GRPC_ERROR_CODE_KEY = 'strato-error-code';

const TO_GRPC: Record<ErrorCode, grpc.status> = {
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  NOT_FOUND: grpc.status.NOT_FOUND,
  ALREADY_EXISTS: grpc.status.ALREADY_EXISTS,
  CONFLICT: grpc.status.ABORTED,
  PERMISSION_DENIED: grpc.status.PERMISSION_DENIED,
  FAILED_PRECONDITION: grpc.status.FAILED_PRECONDITION,
  UNAVAILABLE: grpc.status.UNAVAILABLE,
  INTERNAL: grpc.status.INTERNAL,
};

/** The one place that maps Strato errors to gRPC status; the stable code travels in metadata. */
export function toGrpcError(error: unknown): Partial<grpc.ServiceError> {
  const code: ErrorCode = isStratoError(error) ? error.code : 'INTERNAL';
  const metadata = new grpc.Metadata();
  metadata.set(GRPC_ERROR_CODE_KEY, code);
  return { code: TO_GRPC[code], details: getErrorMessage(error), metadata };
}

/** Turns a gRPC error back into a typed error, reading the code from metadata. */
export function fromGrpcError(error: grpc.ServiceError): StratoError {
  const fromMeta = error.metadata?.get(GRPC_ERROR_CODE_KEY)[0];
  const code = (typeof fromMeta === 'string' ? fromMeta : undefined) as ErrorCode | undefined;
  const fallback: ErrorCode = error.code === grpc.status.UNAVAILABLE ? 'UNAVAILABLE' : 'INTERNAL';
  return new StratoError(code ?? fallback, error.details || error.message);
}

export interface GrpcServer {
  readonly server: grpc.Server;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts a plaintext gRPC server with the given services on `host:port` (0 = any free port). */
export async function startGrpcServer(
  host: string,
  port: number,
  services: ReadonlyArray<[grpc.ServiceDefinition, grpc.UntypedServiceImplementation]>,
): Promise<GrpcServer> {
  const server = new grpc.Server({ 'grpc.keepalive_time_ms': 10_000, 'grpc.keepalive_permit_without_calls': 1 });
  for (const [definition, impl] of services) server.addService(definition, impl);
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    server,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
