import * as grpc from '@grpc/grpc-js';
import { getErrorMessage } from '@strato/errors';
import * as pb from '@strato/proto';
import { agentInfoFromProto, frameworkInfoFromProto, taskInfoFromProto, taskStatusFromProto } from '@strato/wire';
import { AgentManager } from './agent-manager';
import { MasterContext } from './context';
import { FrameworkManager } from './framework-manager';
import { notLeaderError, notLeaderGrpcError } from './leader-gate';
import { AgentLinkSession, AgentRecord } from './model';
import { handleStatusUpdate } from './status-updates';

/** How long a registration waits for a just-elected leader to be able to act before it is refused. */
const REGISTRATION_HOLD_MS = 10_000;

/**
 * The AgentLink service as the master serves it: an agent's messages arrive as bytes and are decoded
 * when handled. After a failover 1,000 agents connect while the new leader still recovers its
 * registry; holding their messages as one buffer each, not as decoded object trees, keeps that wait
 * from filling the heap (decoded trees held that long are promoted and later collected at a cost).
 */
export const AgentLinkServiceRaw = {
  connect: { ...pb.AgentLinkService.connect, requestDeserialize: (bytes: Buffer): Buffer => bytes },
} as const;

/** The gRPC edge for agents: one bidirectional stream per agent, converted to domain calls. */
export function agentLinkService(ctx: MasterContext, agents: AgentManager, frameworks: FrameworkManager): grpc.UntypedServiceImplementation {
  return {
    connect(call: grpc.ServerDuplexStream<Buffer, pb.MasterMessage>) {
      let agent: AgentRecord | undefined;
      let closed = false;
      const link: AgentLinkSession = {
        send: (message) => {
          if (!closed && !call.destroyed && !call.writableEnded) call.write(message);
        },
        close: () => {
          if (closed) return;
          closed = true;
          call.end();
        },
      };
      const onGone = () => {
        closed = true;
        if (agent) agents.disconnected(agent, link);
      };
      const refuse = (error: unknown) => {
        link.send({ message: { $case: 'refused', value: { message: getErrorMessage(error) } } });
        link.close();
      };
      const refuseNotLeader = () => {
        // Not the leader (or not now): `refused` for our agents, then UNAVAILABLE with the leader's address.
        link.send({ message: { $case: 'refused', value: { message: notLeaderError(ctx.gate).message } } });
        closed = true;
        call.emit('error', notLeaderGrpcError(ctx.gate));
      };
      /** Messages held (in order, undecoded) while a just-elected leader recovers its registry. */
      let held: Buffer[] | undefined;
      const onMessage = (bytes: Buffer): void => {
        if (held) return void held.push(bytes);
        // Not registered yet and the master may not act: hold (or refuse) before spending time on decoding.
        if (!agent && !ctx.gate.canAct()) {
          if (ctx.gate.role !== 'recovering' && ctx.gate.role !== 'leading') return refuseNotLeader();
          // Elected but not acting yet (recovering, or the lease is being renewed): hold it, don't refuse.
          held = [bytes];
          void ctx.gate.whenActing(REGISTRATION_HOLD_MS).then((ok) => {
            const queued = held ?? [];
            held = undefined;
            if (closed) return;
            if (!ok) return refuseNotLeader();
            for (const next of queued) onMessage(next);
          });
          return;
        }
        try {
          const admission = handleAgentMessage(ctx, agents, frameworks, agent, pb.AgentMessage.decode(bytes), link);
          agent = admission.agent;
          // Registered goes out once the agent is durable; a link that ended meanwhile counts as a disconnection now.
          admission.ready?.then(() => closed && agents.disconnected(admission.agent!, link), refuse);
        } catch (error) {
          ctx.logger.warn({ agentId: agent?.id, error: getErrorMessage(error) }, 'bad message from agent');
          if (!agent) refuse(error);
        }
      };
      call.on('data', onMessage);
      call.on('end', () => {
        onGone();
        call.end();
      });
      call.on('error', onGone);
      call.on('cancelled', onGone);
    },
  };
}

function handleAgentMessage(
  ctx: MasterContext,
  agents: AgentManager,
  frameworks: FrameworkManager,
  agent: AgentRecord | undefined,
  message: pb.AgentMessage,
  link: AgentLinkSession,
): { agent: AgentRecord | undefined; ready?: Promise<void> } {
  const m = message.message;
  if (agent && (m?.$case === 'register' || m?.$case === 'reregister')) {
    throw new Error(`Agent ${agent.id} is already registered on this connection`);
  }
  switch (m?.$case) {
    case 'register': {
      const info = agentInfoFromProto(m.value.agentInfo ?? missing('agent_info'));
      return agents.register(info, link);
    }
    case 'reregister': {
      const info = agentInfoFromProto(m.value.agentInfo ?? missing('agent_info'));
      if (!info.id) throw new Error('Re-registration needs an agent id');
      const tasks = m.value.tasks.map((t) => ({
        frameworkId: t.frameworkId,
        task: taskInfoFromProto(t.task ?? missing('task')),
        latestStatus: t.latestStatus ? taskStatusFromProto(t.latestStatus) : undefined,
      }));
      // Only frameworks this master does not know yet are recovered from the agent's report: convert just those.
      const unknown = m.value.frameworks.filter((f) => !f.id || !ctx.state.frameworks.has(f.id));
      return agents.reregister({ ...info, id: info.id }, tasks, unknown.map(frameworkInfoFromProto), link);
    }
    case 'statusUpdate':
      if (!agent) throw new Error('Status update before registration');
      handleStatusUpdate(ctx, frameworks, agent, m.value.frameworkId, taskStatusFromProto(m.value.status ?? missing('status')));
      return { agent };
    case 'pong':
      if (agent) agents.pong(agent, m.value.sequence);
      return { agent };
    default:
      throw new Error('Empty or unknown agent message');
  }
}

function missing(field: string): never {
  throw new Error(`Missing field ${field}`);
}
