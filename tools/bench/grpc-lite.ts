// A minimal gRPC client for bidirectional streams over node:http2, for the failover benchmark's agent
// simulator: 1,000 simulated agents in one process would otherwise spend more CPU in grpc-js' client
// stack (resolvers, load balancing, interceptors, per-call state) than the master spends serving
// them, on the same two cores. The wire is plain gRPC (HTTP/2 POST, `application/grpc`, messages
// framed as 1 byte compressed flag + 4 bytes length), so the master's side is the real grpc-js server.
import { readFileSync } from 'node:fs';
import * as http2 from 'node:http2';

const { HTTP2_HEADER_AUTHORITY, HTTP2_HEADER_METHOD, HTTP2_HEADER_PATH, HTTP2_HEADER_CONTENT_TYPE, HTTP2_HEADER_TE, HTTP2_HEADER_USER_AGENT, NGHTTP2_CANCEL } = http2.constants;

/** grpc-js' client version, for a user-agent as real agents send it. */
const GRPC_JS_VERSION = (JSON.parse(readFileSync(require.resolve('@grpc/grpc-js/package.json'), 'utf8')) as { version: string }).version;

export interface LiteStreamHandlers {
  /** One response message (its protobuf bytes, unframed). */
  readonly message: (bytes: Buffer) => void;
  /** The stream is over: `error` when it ended with a non-OK grpc-status, a reset or a broken connection. */
  readonly gone: (error: boolean) => void;
}

/** One HTTP/2 connection to `host:port`; many streams share it. */
export class LiteChannel {
  private session?: http2.ClientHttp2Session;

  constructor(private readonly target: string) {}

  /** Opens a stream on `path` (e.g. `/strato.v1.AgentLink/Connect`) and sends `first` on it. */
  open(path: string, first: Buffer, handlers: LiteStreamHandlers): LiteStream {
    // The headers real agents (grpc-js' client) send, in its order: the master's server sees the same requests.
    const headers = {
      'grpc-accept-encoding': 'identity,deflate,gzip',
      'accept-encoding': 'identity',
      [HTTP2_HEADER_AUTHORITY]: this.target,
      [HTTP2_HEADER_USER_AGENT]: `grpc-node-js/${GRPC_JS_VERSION}`,
      [HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
      [HTTP2_HEADER_METHOD]: 'POST',
      [HTTP2_HEADER_PATH]: path,
      [HTTP2_HEADER_TE]: 'trailers',
    };
    const req = this.connection().request(headers, { endStream: false });
    const stream = new LiteStream(req, handlers);
    stream.write(first);
    return stream;
  }

  close(): void {
    this.session?.destroy();
    this.session = undefined;
  }

  private connection(): http2.ClientHttp2Session {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    const session = http2.connect(`http://${this.target}`);
    session.on('error', () => undefined); // each stream reports its own end
    session.on('close', () => this.session === session && (this.session = undefined));
    this.session = session;
    return session;
  }
}

/** A client stream: frames what it writes and unframes what it reads. */
export class LiteStream {
  private pending: Buffer = Buffer.alloc(0);
  private status: number | undefined;
  private done = false;

  constructor(private readonly req: http2.ClientHttp2Stream, private readonly handlers: LiteStreamHandlers) {
    // A refusal before any message comes as headers-only with grpc-status ("trailers-only").
    req.on('response', (headers) => this.noteStatus(headers['grpc-status']));
    req.on('trailers', (trailers) => this.noteStatus(trailers['grpc-status']));
    req.on('data', (chunk: Buffer) => this.read(chunk));
    req.on('error', () => this.finish(true));
    req.on('close', () => this.finish(this.status !== 0 || req.rstCode !== http2.constants.NGHTTP2_NO_ERROR));
  }

  get writable(): boolean {
    return !this.done && this.req.writable;
  }

  write(bytes: Buffer): void {
    if (!this.writable) return;
    const header = Buffer.allocUnsafe(5);
    header.writeUInt8(0, 0);
    header.writeUInt32BE(bytes.length, 1);
    this.req.write(Buffer.concat([header, bytes]));
  }

  cancel(): void {
    if (!this.req.closed) this.req.close(NGHTTP2_CANCEL);
  }

  private noteStatus(value: string | string[] | undefined): void {
    if (value !== undefined) this.status = Number(value);
  }

  private read(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 5) {
      const length = this.pending.readUInt32BE(1);
      if (this.pending.length < 5 + length) return;
      const message = this.pending.subarray(5, 5 + length);
      this.pending = this.pending.subarray(5 + length);
      if (!this.done) this.handlers.message(message);
    }
  }

  private finish(error: boolean): void {
    if (this.done) return;
    this.done = true;
    this.handlers.gone(error);
  }
}
