import { TaskStatus } from '@strato/domain';
import * as pb from '@strato/proto';
import { taskStatusFromProto, taskStatusToProto } from '@strato/wire';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ContainerRecoveryInfo } from './containerizer';

/** `<work_dir>/meta/agent.json`: who this agent is, so a restarted agent keeps its id. */
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

/** Path segments made from ids: percent-encoded, dots included, so no id can climb out. */
const segment = (id: string) => encodeURIComponent(id).replace(/\./g, '%2E') || '%00';

/** Writes the file next to its final name, then renames it, so a crash never leaves half a file. */
function writeAtomically(path: string, text: string): void {
  const temp = `${path}.tmp`;
  try {
    writeFileSync(temp, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(path), { recursive: true }); // only the first write of a task pays for the directories
    writeFileSync(temp, text);
  }
  renameSync(temp, path);
}

/**
 * The agent's checkpoints under `<work_dir>/meta` (Mesos layout, JSON files):
 * `agent.json` and `slaves/<agent>/frameworks/<framework>/tasks/<task>/task.json`.
 */
export class CheckpointStore {
  readonly metaDir: string;

  constructor(workDir: string) {
    this.metaDir = join(workDir, 'meta');
  }

  loadAgent(): AgentMeta | undefined {
    const path = join(this.metaDir, 'agent.json');
    if (!existsSync(path)) return undefined;
    return JSON.parse(readFileSync(path, 'utf8')) as AgentMeta;
  }

  saveAgent(meta: AgentMeta): void {
    writeAtomically(join(this.metaDir, 'agent.json'), JSON.stringify(meta, null, 2));
  }

  saveTask(cp: TaskCheckpoint): void {
    const json = {
      ...cp,
      framework: encode(pb.FrameworkInfo, cp.framework),
      task: encode(pb.TaskInfo, cp.task),
      statuses: cp.statuses.map((s) => encode(pb.TaskStatus, taskStatusToProto(s))),
    };
    writeAtomically(join(this.taskDir(cp.agentId, cp.frameworkId, cp.task.taskId), 'task.json'), JSON.stringify(json));
  }

  removeTask(agentId: string, frameworkId: string, taskId: string): void {
    rmSync(this.taskDir(agentId, frameworkId, taskId), { recursive: true, force: true });
  }

  /** Every task checkpoint of every agent id; unreadable files are reported, not fatal. */
  loadTasks(): { tasks: TaskCheckpoint[]; errors: string[] } {
    const tasks: TaskCheckpoint[] = [];
    const errors: string[] = [];
    for (const file of this.taskFiles()) {
      try {
        tasks.push(parseTask(readFileSync(file, 'utf8')));
      } catch (e) {
        errors.push(`${file}: ${(e as Error).message}`);
      }
    }
    return { tasks, errors };
  }

  private taskDir(agentId: string, frameworkId: string, taskId: string): string {
    return join(this.metaDir, 'slaves', segment(agentId), 'frameworks', segment(frameworkId), 'tasks', segment(taskId));
  }

  private taskFiles(): string[] {
    const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
    const files: string[] = [];
    const slaves = join(this.metaDir, 'slaves');
    for (const agent of list(slaves)) {
      const frameworks = join(slaves, agent, 'frameworks');
      for (const fw of list(frameworks)) {
        const tasks = join(frameworks, fw, 'tasks');
        for (const task of list(tasks)) {
          const file = join(tasks, task, 'task.json');
          if (existsSync(file)) files.push(file);
        }
      }
    }
    return files;
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
