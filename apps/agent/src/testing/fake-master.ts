import * as grpc from '@grpc/grpc-js';
import { AgentLinkService, AgentMessage, AgentMessage_StatusUpdate, MasterMessage, TaskInfo, TaskState } from '@strato/proto';
import { waitFor } from '@strato/testing';

export type MessageKind = NonNullable<AgentMessage['message']>['$case'];

interface Connection {
  readonly call: grpc.ServerDuplexStream<AgentMessage, MasterMessage>;
  ended: boolean;
}

export interface FakeMasterOptions {
  /** Answer Register/Reregister with Registered automatically (the default). */
  readonly autoRegister?: boolean;
  readonly agentId?: string;
  readonly pingIntervalSeconds?: number;
}

/** A tiny in-test AgentLink server: records what agents send and lets the test answer. */
export class FakeMaster {
  readonly received: Array<{ connection: number; message: AgentMessage }> = [];
  private readonly connections: Connection[] = [];
  /** Sent in every Registered from now on. */
  pingIntervalSeconds: number;

  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
    private readonly options: FakeMasterOptions,
  ) {
    this.pingIntervalSeconds = options.pingIntervalSeconds ?? 15;
  }

  static async start(options: FakeMasterOptions = {}, port = 0): Promise<FakeMaster> {
    const server = new grpc.Server();
    let fake: FakeMaster | undefined;
    const pending: Array<grpc.ServerDuplexStream<AgentMessage, MasterMessage>> = [];
    server.addService(AgentLinkService, {
      connect: (call: grpc.ServerDuplexStream<AgentMessage, MasterMessage>) => (fake ? fake.accept(call) : pending.push(call)),
    });
    const bound = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    fake = new FakeMaster(server, bound, options);
    pending.forEach((call) => fake!.accept(call));
    return fake;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get connectionCount(): number {
    return this.connections.length;
  }

  send(message: MasterMessage['message'], connection = this.connections.length - 1): void {
    this.connections[connection].call.write({ message });
  }

  runTask(frameworkId: string, task: Partial<TaskInfo> & { taskId: string }): void {
    const framework = { id: frameworkId, name: `fw-${frameworkId}`, user: 'test', failoverTimeout: 0, checkpoint: true, roles: ['*'], hostname: '', principal: '', webuiUrl: '', capabilities: [] };
    const full: TaskInfo = { name: task.taskId, agentId: '', resources: [], data: Buffer.alloc(0), ...task };
    this.send({ $case: 'runTask', value: { framework, task: full } });
  }

  acknowledge(update: AgentMessage_StatusUpdate): void {
    const { frameworkId, status } = update;
    this.send({ $case: 'acknowledgement', value: { frameworkId, taskId: status!.taskId, uuid: status!.uuid } });
  }

  /** Ends the current stream from the master's side (as a master failover would). */
  endCurrent(): void {
    const c = this.connections[this.connections.length - 1];
    c.ended = true;
    c.call.end();
  }

  updates(taskId?: string): AgentMessage_StatusUpdate[] {
    return this.received
      .map((r) => r.message.message)
      .filter((m): m is { $case: 'statusUpdate'; value: AgentMessage_StatusUpdate } => m?.$case === 'statusUpdate')
      .map((m) => m.value)
      .filter((u) => taskId === undefined || u.status?.taskId === taskId);
  }

  /** Waits for the n-th (1-based) update of a task and returns it. */
  waitForUpdate(taskId: string, n: number, timeoutMs = 10_000): Promise<AgentMessage_StatusUpdate> {
    return waitFor(() => this.updates(taskId)[n - 1], { timeoutMs, description: `update #${n} of ${taskId}; got ${this.describe(taskId)}` });
  }

  waitForState(taskId: string, state: TaskState, timeoutMs = 10_000): Promise<AgentMessage_StatusUpdate> {
    return waitFor(() => this.updates(taskId).find((u) => u.status?.state === state), {
      timeoutMs,
      description: `${state} for ${taskId}; got ${this.describe(taskId)}`,
    });
  }

  /** The first message of kind `kind` received on connection `fromConnection` or later. */
  waitForMessage(kind: MessageKind, fromConnection = 0, timeoutMs = 10_000): Promise<AgentMessage> {
    return waitFor(
      () => this.received.find((r) => r.connection >= fromConnection && r.message.message?.$case === kind)?.message,
      { timeoutMs, description: `${kind} on connection >= ${fromConnection}` },
    );
  }

  describe(taskId: string): string {
    return JSON.stringify(this.updates(taskId).map((u) => [u.status?.state, u.status?.uuid]));
  }

  close(): void {
    for (const c of this.connections) if (!c.ended) c.call.end();
    // Not tryShutdown: it would wait forever for an agent that never closes its stream.
    this.server.forceShutdown();
  }

  private accept(call: grpc.ServerDuplexStream<AgentMessage, MasterMessage>): void {
    const connection = this.connections.length;
    const entry: Connection = { call, ended: false };
    this.connections.push(entry);
    call.on('data', (message: AgentMessage) => {
      this.received.push({ connection, message });
      this.autoRegister(call, message);
    });
    call.on('end', () => {
      if (!entry.ended) call.end();
      entry.ended = true;
    });
    call.on('error', () => (entry.ended = true));
  }

  private autoRegister(call: grpc.ServerDuplexStream<AgentMessage, MasterMessage>, message: AgentMessage): void {
    const m = message.message;
    if (this.options.autoRegister === false || (m?.$case !== 'register' && m?.$case !== 'reregister')) return;
    const agentId = m.value.agentInfo?.id || this.options.agentId || 'agent-1';
    const masterInfo = { id: 'm1', hostname: 'fake-master', ip: '127.0.0.1', port: 5050, grpcPort: this.port, version: 'test', pid: '' };
    call.write({ message: { $case: 'registered', value: { agentId, masterInfo, pingIntervalSeconds: this.pingIntervalSeconds } } });
  }
}
