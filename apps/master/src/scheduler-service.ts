import * as grpc from '@grpc/grpc-js';
import { TaskInfo } from '@strato/domain';
import { getErrorMessage, invalidArgument, isStratoError, permissionDenied, StratoError } from '@strato/errors';
import * as pb from '@strato/proto';
import { toGrpcError } from '@strato/service';
import { frameworkInfoFromProto, taskInfoFromProto } from '@strato/wire';
import { MasterContext } from './context';
import { FrameworkManager } from './framework-manager';
import { notLeaderGrpcError } from './leader-gate';
import { FrameworkRecord, FrameworkStream } from './model';
import { SchedulerCalls } from './scheduler-calls';

/** How long a SUBSCRIBE waits for a just-elected leader to be able to act before it is refused. */
const SUBSCRIBE_HOLD_MS = 10_000;

/** The gRPC edge for frameworks: SUBSCRIBE as a server stream, every other call unary. */
export function schedulerService(ctx: MasterContext, frameworks: FrameworkManager, calls: SchedulerCalls): pb.SchedulerServer {
  return {
    subscribe(call: grpc.ServerWritableStream<pb.Call_Subscribe, pb.Event>) {
      if (ctx.gate.canAct()) return attachSubscriber(ctx, frameworks, call);
      // Elected but not acting yet (recovering its registry, or renewing its lease): hold it, as agents are held.
      if (ctx.gate.role !== 'recovering' && ctx.gate.role !== 'leading') return void call.emit('error', notLeaderGrpcError(ctx.gate));
      let cancelled = false;
      call.on('cancelled', () => (cancelled = true));
      void ctx.gate.whenActing(SUBSCRIBE_HOLD_MS).then((ok) => {
        if (cancelled) return;
        if (ok) attachSubscriber(ctx, frameworks, call);
        else call.emit('error', notLeaderGrpcError(ctx.gate));
      });
    },

    send(call: grpc.ServerUnaryCall<pb.Call, pb.CallResponse>, callback: grpc.sendUnaryData<pb.CallResponse>) {
      if (!ctx.gate.canAct()) return callback(notLeaderGrpcError(ctx.gate));
      try {
        Promise.resolve(dispatch(ctx, frameworks, calls, call.request)).then(
          () => callback(null, {}),
          (error: unknown) => callback(toGrpcError(error)),
        );
      } catch (error) {
        callback(toGrpcError(error));
      }
    },
  };
}

/** Handles one unary call (exported for tests); a promise when the answer waits for a registry write. */
export function dispatch(ctx: MasterContext, frameworks: FrameworkManager, calls: SchedulerCalls, request: pb.Call): void | Promise<void> {
  const framework = ctx.state.frameworks.get(request.frameworkId);
  if (!framework || !framework.stream) throw permissionDenied(`Framework ${request.frameworkId} is not subscribed`);
  if (framework.stream.streamId !== request.streamId) throw permissionDenied('The stream id does not match the current subscription');
  const c = request.call;
  switch (c?.$case) {
    case 'accept': {
      const tasks = launchTasks(c.value.operations, (task, message) =>
        frameworks.sendStatus(framework, {
          taskId: task.taskId, agentId: task.agentId, state: 'TASK_ERROR', reason: 'REASON_TASK_INVALID', message,
          source: 'SOURCE_MASTER', timestamp: ctx.clock.now() / 1000, labels: [],
        }),
      );
      return calls.accept(framework, c.value.offerIds, tasks, { refuseSeconds: c.value.filters?.refuseSeconds });
    }
    case 'decline':
      return calls.decline(framework, c.value.offerIds, { refuseSeconds: c.value.filters?.refuseSeconds });
    case 'revive':
      return calls.revive(framework, c.value.roles);
    case 'suppress':
      return calls.suppress(framework, c.value.roles);
    case 'kill':
      if (!c.value.taskId) throw invalidArgument('KILL needs a task_id');
      return calls.kill(framework, c.value.taskId, c.value.killPolicy?.gracePeriodSeconds);
    case 'acknowledge':
      return acknowledge(calls, framework, c.value);
    case 'acknowledgeMany':
      return acknowledgeMany(calls, framework, c.value.acknowledgements);
    case 'reconcile':
      return calls.reconcile(framework, c.value.tasks);
    case 'teardown':
      return frameworks.remove(framework, 'teardown requested');
    default:
      throw invalidArgument('Call has no type');
  }
}

function acknowledge(calls: SchedulerCalls, framework: FrameworkRecord, ack: pb.Call_Acknowledge): void {
  if (!ack.taskId || !ack.uuid) throw invalidArgument('ACKNOWLEDGE needs task_id and uuid');
  calls.acknowledge(framework, ack.agentId, ack.taskId, ack.uuid);
}

/**
 * Each acknowledgement is handled on its own; the call fails, after all were tried, if any of them did:
 * with that error when one failed, else with the failures' common code (INVALID_ARGUMENT when they differ).
 */
function acknowledgeMany(calls: SchedulerCalls, framework: FrameworkRecord, acks: readonly pb.Call_Acknowledge[]): void {
  const failures: unknown[] = [];
  for (const ack of acks) {
    try {
      acknowledge(calls, framework, ack);
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 0) return;
  if (failures.length === 1) throw failures[0];
  const codes = new Set(failures.map((f) => (isStratoError(f) ? f.code : 'INTERNAL')));
  const code = codes.size === 1 ? [...codes][0] : 'INVALID_ARGUMENT';
  throw new StratoError(code, `${failures.length} of ${acks.length} acknowledgements failed; the first: ${getErrorMessage(failures[0])}`);
}

/** Converts LAUNCH operations; a task whose description can't be read gets TASK_ERROR, the rest go on. */
function launchTasks(operations: readonly pb.Operation[], reject: (task: pb.TaskInfo, message: string) => void): TaskInfo[] {
  const tasks: TaskInfo[] = [];
  for (const op of operations) {
    if (op.operation?.$case !== 'launch') throw invalidArgument('Only LAUNCH operations are supported');
    for (const t of op.operation.value.taskInfos) {
      try {
        tasks.push(taskInfoFromProto(t));
      } catch (error) {
        reject(t, `Invalid task: ${getErrorMessage(error)}`);
      }
    }
  }
  return tasks;
}

/** Attaches a SUBSCRIBE stream to its framework, on a master that may act. */
function attachSubscriber(ctx: MasterContext, frameworks: FrameworkManager, call: grpc.ServerWritableStream<pb.Call_Subscribe, pb.Event>): void {
  let done = false;
  const stream: FrameworkStream = {
    streamId: ctx.ids.next(),
    send: (event) => {
      if (!done && !call.destroyed && !call.writableEnded) call.write(event);
    },
    close: () => {
      if (done) return;
      done = true;
      call.end();
    },
  };
  const refuse = (error: unknown) => {
    stream.send({ event: { $case: 'error', value: { message: getErrorMessage(error) } } });
    stream.close();
  };
  let framework: FrameworkRecord;
  let ready: Promise<void>;
  try {
    if (!call.request.frameworkInfo) throw invalidArgument('SUBSCRIBE needs framework_info');
    ({ framework, ready } = frameworks.subscribe(frameworkInfoFromProto(call.request.frameworkInfo), call.request.suppressedRoles, stream));
  } catch (error) {
    return refuse(error);
  }
  const gone = () => {
    done = true;
    frameworks.disconnected(framework, stream);
  };
  call.on('cancelled', gone);
  call.on('error', gone);
  call.on('close', gone);
  // SUBSCRIBED goes out once the framework is durable; a stream that ended meanwhile starts its failover timeout now.
  ready.then(() => done && frameworks.disconnected(framework, stream), refuse);
}
