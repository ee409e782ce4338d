import * as grpc from '@grpc/grpc-js';
import { permissionDenied, StratoError } from '@strato/errors';
import * as pb from '@strato/proto';
import { toGrpcError } from '@strato/service';

type EventStream = grpc.ServerWritableStream<pb.Call_Subscribe, pb.Event>;
type CallBody = NonNullable<pb.Call['call']>;
type CallKind = CallBody['$case'];
type CallValue<K extends CallKind> = Extract<CallBody, { $case: K }>['value'];

interface OpenStream {
  readonly call: EventStream;
  readonly streamId: string;
  readonly frameworkId: string;
}

/**
 * A scheduler endpoint for the SDK's own tests: a real gRPC server that records every SUBSCRIBE
 * and call, answers SUBSCRIBE like the master, checks stream ids, and lets a test push events,
 * drop streams and refuse calls.
 */
export class FakeMaster {
  readonly subscribes: pb.Call_Subscribe[] = [];
  readonly calls: pb.Call[] = [];
  heartbeatIntervalSeconds = 15;
  /** When set, SUBSCRIBE is answered with this ERROR event instead of SUBSCRIBED. */
  refuseSubscribeWith: string | undefined;
  /** When set, the next SUBSCRIBE fails with this gRPC status (once). */
  failNextSubscribe: StratoError | undefined;
  /** Answers calls with this error instead of accepting them (once per entry). */
  readonly failNextCalls: StratoError[] = [];
  /** Answers the calls it returns an error for with that error. */
  refuseCall: (call: pb.Call) => StratoError | undefined = () => undefined;
  private readonly open = new Set<OpenStream>();
  private frameworks = 0;
  private streams = 0;

  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
  ) {}

  static async start(port = 0): Promise<FakeMaster> {
    const server = new grpc.Server();
    let master: FakeMaster | undefined;
    server.addService(pb.SchedulerService, {
      subscribe: (call: EventStream) => master?.onSubscribe(call),
      send: (call: grpc.ServerUnaryCall<pb.Call, pb.CallResponse>, callback: grpc.sendUnaryData<pb.CallResponse>) =>
        master?.onSend(call.request, callback),
    });
    const bound = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    master = new FakeMaster(server, bound);
    return master;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get openStreams(): number {
    return this.open.size;
  }

  /** The newest live stream's id. */
  get streamId(): string | undefined {
    return [...this.open].pop()?.streamId;
  }

  /** The bodies of the calls of one kind, in arrival order. */
  callsOf<K extends CallKind>(kind: K): CallValue<K>[] {
    const out: CallValue<K>[] = [];
    for (const c of this.calls) if (c.call?.$case === kind) out.push(c.call.value as CallValue<K>);
    return out;
  }

  /** Sends an event on every open stream. */
  emit(event: pb.Event['event']): void {
    for (const s of this.open) s.call.write({ event });
  }

  /** Ends every stream, as a master that restarts or loses leadership does. */
  dropStreams(): void {
    for (const s of [...this.open]) {
      this.open.delete(s);
      s.call.end();
    }
  }

  /** Forgets the streams' ids without closing them: their calls now get PERMISSION_DENIED. */
  forgetStreams(): void {
    this.open.clear();
  }

  async close(): Promise<void> {
    this.dropStreams();
    this.server.forceShutdown();
  }

  private onSubscribe(call: EventStream): void {
    this.subscribes.push(call.request);
    if (this.failNextSubscribe !== undefined) {
      call.emit('error', toGrpcError(this.failNextSubscribe));
      this.failNextSubscribe = undefined;
      return;
    }
    if (this.refuseSubscribeWith !== undefined) {
      call.write({ event: { $case: 'error', value: { message: this.refuseSubscribeWith } } });
      call.end();
      return;
    }
    const frameworkId = call.request.frameworkInfo?.id || `fw-${++this.frameworks}`;
    const stream: OpenStream = { call, frameworkId, streamId: `stream-${++this.streams}` };
    this.open.add(stream);
    call.on('cancelled', () => this.open.delete(stream));
    call.on('close', () => this.open.delete(stream));
    call.write({
      event: {
        $case: 'subscribed',
        value: {
          frameworkId,
          streamId: stream.streamId,
          heartbeatIntervalSeconds: this.heartbeatIntervalSeconds,
          masterInfo: { id: 'master-1', hostname: 'localhost', ip: '127.0.0.1', port: 5050, grpcPort: this.port, version: 'test', pid: '' },
        },
      },
    });
  }

  private onSend(request: pb.Call, callback: grpc.sendUnaryData<pb.CallResponse>): void {
    this.calls.push(request);
    const injected = this.refuseCall(request) ?? this.failNextCalls.shift();
    const known = [...this.open].some((s) => s.streamId === request.streamId && s.frameworkId === request.frameworkId);
    const error = injected ?? (known ? undefined : permissionDenied(`stream '${request.streamId}' is not subscribed`));
    if (error) return callback(toGrpcError(error) as grpc.ServiceError, null);
    if (request.call?.$case === 'teardown') this.removeFramework(request.frameworkId);
    callback(null, {});
  }

  /** As the master on TEARDOWN: tells the framework's stream it was removed, then closes it. */
  private removeFramework(frameworkId: string): void {
    for (const s of [...this.open].filter((o) => o.frameworkId === frameworkId)) {
      this.open.delete(s);
      s.call.write({ event: { $case: 'error', value: { message: 'framework removed' } } });
      s.call.end();
    }
  }
}
