import { FakeClock, sequentialIds } from '@strato/clock';
import { AgentInfo, FrameworkInfo, TaskInfo } from '@strato/domain';
import * as pb from '@strato/proto';
import { parseAttributes, Resources } from '@strato/resources';
import { createLogger } from '@strato/service';
import { masterConfig } from '../flags';
import { Master } from '../master';
import { AgentLinkSession, FrameworkStream } from '../model';
import { KeyValueStore, MemoryStore } from '@strato/coordination';
import { tempDir } from '@strato/testing';

/** A fake agent connection that records what the master sends it. */
export class FakeLink implements AgentLinkSession {
  readonly sent: pb.MasterMessage[] = [];
  closed = false;
  send(message: pb.MasterMessage): void {
    this.sent.push(message);
  }
  close(): void {
    this.closed = true;
  }
  ofCase<C extends NonNullable<pb.MasterMessage['message']>['$case']>(c: C) {
    return this.sent.map((m) => m.message).filter((m) => m?.$case === c) as Extract<NonNullable<pb.MasterMessage['message']>, { $case: C }>[];
  }
}

/** A fake subscription stream that records the events sent to a framework. */
export class FakeStream implements FrameworkStream {
  readonly events: pb.Event[] = [];
  closed = false;
  constructor(readonly streamId: string) {}
  send(event: pb.Event): void {
    this.events.push(event);
  }
  close(): void {
    this.closed = true;
  }
  offers(): pb.Offer[] {
    return this.events.flatMap((e) => (e.event?.$case === 'offers' ? e.event.value.offers : []));
  }
  updates(): pb.TaskStatus[] {
    return this.events.flatMap((e) => (e.event?.$case === 'update' && e.event.value.status ? [e.event.value.status] : []));
  }
}

/**
 * An in-process master (no sockets) on a fake clock, its registry in a `MemoryStore` (pass one to
 * start from a registry), with helpers to drive it. Registrations resolve once acknowledged.
 */
export async function masterHarness(flags: string[] = [], store: KeyValueStore = new MemoryStore()) {
  const workDir = tempDir('strato-master-');
  const clock = new FakeClock(1_000_000);
  const exits: number[] = [];
  const master = new Master(masterConfig(['node', 'm', `--work_dir=${workDir}`, ...flags]), {
    clock,
    ids: sequentialIds('id-'),
    random: () => 0.5,
    logger: createLogger('master-test', 'silent'),
    registryStore: store,
    exit: (code) => exits.push(code),
  });
  await master.recover(store);
  let streams = 0;
  const agentInfo = (hostname: string, resources: string, id?: string): AgentInfo => ({
    id, hostname, port: 5051, resources: Resources.parse(resources), attributes: parseAttributes(''), version: 'test',
  });
  return {
    master,
    clock,
    workDir,
    store,
    exits,
    state: master.ctx.state,
    agentInfo,
    async registerAgent(hostname: string, resources: string) {
      const link = new FakeLink();
      const { agent: record, ready } = master.agents.register(agentInfo(hostname, resources), link);
      await ready;
      return { link, record };
    },
    async subscribe(info: Partial<FrameworkInfo> = {}) {
      const stream = new FakeStream(`stream-${streams++}`);
      const { framework: record, ready } = master.frameworks.subscribe(
        { name: 'fw', user: 'root', roles: ['*'], failoverTimeoutMs: 60_000, checkpoint: false, capabilities: [], labels: [], ...info },
        [],
        stream,
      );
      await ready;
      return { stream, record };
    },
    allocate() {
      master.allocation.run();
    },
    task(taskId: string, resources: string): TaskInfo {
      return {
        taskId, name: taskId, agentId: '', resources: Resources.parse(resources), labels: [],
        command: { value: 'sleep 100', shell: true, arguments: [], environment: {}, uris: [] },
      };
    },
    /** available + offered + used must equal total on every agent. */
    assertBalanced() {
      for (const agent of master.ctx.state.agents.values()) {
        if (agent.state === 'unreachable' || agent.state === 'recovered') continue;
        const sum = agent.available.add(master.ctx.state.offeredOn(agent)).add(master.ctx.state.usedOn(agent));
        if (!sum.equals(agent.total)) {
          throw new Error(`agent ${agent.id}: available+offered+used = ${sum} but total = ${agent.total}`);
        }
      }
    },
  };
}
