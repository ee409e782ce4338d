import * as pb from '@strato/proto';

/** What a task's environment is made of. */
export interface TaskEnvInput {
  /** The agent's own environment; only PATH and a few locale/home variables are passed on. */
  readonly agentEnv: Readonly<Record<string, string | undefined>>;
  readonly taskId: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly containerId: string;
  readonly sandbox: string;
  readonly hostname: string;
  /** The task's ports in resource order. */
  readonly ports: readonly number[];
  /** The task's CommandInfo environment; it wins over everything else. */
  readonly taskEnv: Readonly<Record<string, string>>;
}

const PASSED_ON = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'USER', 'LOGNAME', 'SHELL'];
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A minimal environment plus the Mesos variables; PORT0..n, PORT and PORTS from the task's ports. */
export function buildTaskEnv(input: TaskEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_ON) {
    const value = input.agentEnv[name];
    if (value !== undefined) env[name] = value;
  }
  env.PATH ??= DEFAULT_PATH;
  Object.assign(env, {
    MESOS_TASK_ID: input.taskId,
    MESOS_EXECUTOR_ID: input.taskId,
    MESOS_FRAMEWORK_ID: input.frameworkId,
    MESOS_AGENT_ID: input.agentId,
    MESOS_SLAVE_ID: input.agentId,
    MESOS_CONTAINER_ID: input.containerId,
    MESOS_SANDBOX: input.sandbox,
    MESOS_DIRECTORY: input.sandbox,
    HOST: input.hostname,
  });
  input.ports.forEach((port, i) => (env[`PORT${i}`] = String(port)));
  if (input.ports.length > 0) {
    env.PORT = String(input.ports[0]);
    env.PORTS = input.ports.join(',');
  }
  return { ...env, ...input.taskEnv };
}

/**
 * Every port of the task's `ports` resources, in the order the ranges were given on the wire
 * (domain `Resources` sort them, and PORT0 must be the framework's first port).
 */
export function portsInResourceOrder(resources: readonly pb.Resource[]): number[] {
  const out: number[] = [];
  for (const r of resources) {
    if (r.name !== 'ports' || r.type !== pb.Value_Type.RANGES) continue;
    for (const range of r.ranges?.range ?? []) {
      for (let p = range.begin; p <= range.end && out.length < 65536; p++) out.push(p);
    }
  }
  return out;
}
