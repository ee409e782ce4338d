import { FileStore, KeyValueStore, StoreOp } from '@strato/coordination';
import { TaskStatus } from '@strato/domain';
import * as pb from '@strato/proto';
import { taskStatusFromProto, taskStatusToProto } from '@strato/wire';
import { join } from 'node:path';
import { ContainerRecoveryInfo } from './containerizer';
import { keySegment } from './store-keys';

/** Key `agent`: who this agent is, so a restarted agent keeps its id. */
export interface AgentMeta {
  readonly id?: string;
  readonly hostname: string;
  /** Mesos text of the total resources at the last start. */
  readonly resources: string;
}

/** Everything needed to report on (and clean up after) a task across agent restarts. */
export interface TaskCheckpoint {
  readonly agentId: string;
  readonly frameworkId: string;
  readonly framework: pb.FrameworkInfo;
  readonly task: pb.TaskInfo;
  readonly containerId: string;
  readonly sandbox?: string;
  readonly container?: ContainerRecoveryInfo;
  /** Every update generated for the task, oldest first. */
  readonly statuses: readonly TaskStatus[];
  /** How many of `statuses` (from the start) were acknowledged; the rest are still to deliver. */
  readonly acknowledged: number;
}

interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
}

const encode = <T>(codec: Codec<T>, value: T) => Buffer.from(codec.encode(value).finish()).toString('base64');
const decode = <T>(codec: Codec<T>, text: string) => codec.decode(Buffer.from(text, 'base64'));

const AGENT_KEY = 'agent';
const TASKS = 'tasks';

/** The store directory under the work dir. */
export const storeDir = (workDir: string) => join(workDir, 'meta', 'store');

/** `tasks/<agent>/<framework>/<task>`, each id escaped by `keySegment`. */
export const taskKey = (agentId: string, frameworkId: string, taskId: string) =>
  [TASKS, keySegment(agentId), keySegment(frameworkId), keySegment(taskId)].join('/');

/**
 * The agent's checkpoints in one journal store (`FileStore` in `<work_dir>/meta/store`): the key
 * `agent` (AgentMeta) and `tasks/<agent>/<framework>/<task>` (TaskCheckpoint), both JSON. Every
 * write resolves once it is durable (appended to the journal and fdatasynced); a `write` of many
 * ops costs one sync. The store is opened on first use (a corrupt journal makes that throw).
 */
export class CheckpointStore {
  private opened?: FileStore;

  /** `store` replaces the FileStore (tests). */
  constructor(
    private readonly workDir: string,
    private readonly injected?: KeyValueStore,
  ) {}

  async loadAgent(): Promise<AgentMeta | undefined> {
    const value = await this.store().get(AGENT_KEY);
    return value && (JSON.parse(value.toString('utf8')) as AgentMeta);
  }

  saveAgent(meta: AgentMeta): Promise<void> {
    return this.store().put(AGENT_KEY, Buffer.from(JSON.stringify(meta)));
  }

  /** The op that stores a task's checkpoint (to pass to `write`). */
  putTask(cp: TaskCheckpoint): StoreOp {
    const json = {
      ...cp,
      framework: encode(pb.FrameworkInfo, cp.framework),
      task: encode(pb.TaskInfo, cp.task),
      statuses: cp.statuses.map((s) => encode(pb.TaskStatus, taskStatusToProto(s))),
    };
    return { op: 'put', key: taskKey(cp.agentId, cp.frameworkId, cp.task.taskId), value: Buffer.from(JSON.stringify(json)) };
  }

  /** The op that removes a task's checkpoint. */
  removeTask(agentId: string, frameworkId: string, taskId: string): StoreOp {
    return { op: 'delete', key: taskKey(agentId, frameworkId, taskId) };
  }

  /** Applies the ops in order, all or none, in one durable write. */
  write(ops: readonly StoreOp[]): Promise<void> {
    return this.store().batch(ops);
  }

  /** Every task checkpoint of every agent id; unreadable records are reported, not fatal. */
  async loadTasks(): Promise<{ tasks: TaskCheckpoint[]; errors: string[] }> {
    const tasks: TaskCheckpoint[] = [];
    const errors: string[] = [];
    for (const key of await this.taskKeys()) {
      try {
        tasks.push(parseTask((await this.store().get(key))!.toString('utf8')));
      } catch (e) {
        errors.push(`${key}: ${(e as Error).message}`);
      }
    }
    return { tasks, errors };
  }

  /** Closes the FileStore's journal; the next use opens it again. */
  async close(): Promise<void> {
    const store = this.opened;
    this.opened = undefined;
    await store?.close();
  }

  private store(): KeyValueStore {
    if (this.injected) return this.injected;
    this.opened ??= new FileStore(storeDir(this.workDir));
    return this.opened;
  }

  private async taskKeys(): Promise<string[]> {
    const keys: string[] = [];
    for (const agent of await this.store().children(TASKS)) {
      for (const fw of await this.store().children(`${TASKS}/${agent}`)) {
        for (const task of await this.store().children(`${TASKS}/${agent}/${fw}`)) keys.push(`${TASKS}/${agent}/${fw}/${task}`);
      }
    }
    return keys;
  }
}

function parseTask(text: string): TaskCheckpoint {
  const json = JSON.parse(text);
  return {
    ...json,
    framework: decode(pb.FrameworkInfo, json.framework),
    task: decode(pb.TaskInfo, json.task),
    statuses: (json.statuses as string[]).map((s) => taskStatusFromProto(decode(pb.TaskStatus, s))),
  };
}
