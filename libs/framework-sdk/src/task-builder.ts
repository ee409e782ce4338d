import { randomUUID } from 'node:crypto';
import type { IdGen } from '@strato/clock';
import type { CommandInfo, CommandUri, ContainerInfo, HealthCheck, Offer, TaskInfo } from '@strato/domain';
import { invalidArgument } from '@strato/errors';
import type { Resources, Shortfall } from '@strato/resources';
import { matchResources, ResourceRequest } from './resource-match';

export interface CommandOptions {
  readonly value: string;
  /** Run `value` with `/bin/sh -c` (default true); otherwise exec it with `arguments`. */
  readonly shell?: boolean;
  readonly arguments?: readonly string[];
  readonly uris?: readonly CommandUri[];
  readonly user?: string;
}

/** A task described by what it needs; `taskFor` finds it in an offer and builds the TaskInfo. */
export interface TaskRequest extends ResourceRequest {
  readonly name: string;
  /** Default: from the injected IdGen, else `<name>.<uuid>`. */
  readonly taskId?: string;
  /** A shell command line, or a full command. */
  readonly command?: string | CommandOptions;
  /** Added to the command's environment, after (and over) the PORT variables. */
  readonly env?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly container?: ContainerInfo;
  readonly healthCheck?: HealthCheck;
  readonly killGracePeriodMs?: number;
  readonly maxCompletionTimeMs?: number;
  readonly data?: Buffer;
}

export interface TaskBuildOptions {
  readonly ids?: IdGen;
  /** What is still free in the offer (default: all of it). */
  readonly available?: Resources;
}

export type TaskFit =
  | { readonly ok: true; readonly task: TaskInfo; readonly ports: number[]; readonly remaining: Resources }
  | { readonly ok: false; readonly shortfalls: Shortfall[]; readonly message: string };

const defaultTaskId = (name: string) => `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.${randomUUID()}`;

/** PORT, PORTS and PORT0..n as Marathon sets them, so commands can find their ports. */
function portEnv(ports: readonly number[]): Record<string, string> {
  if (ports.length === 0) return {};
  const env: Record<string, string> = { PORT: String(ports[0]), PORTS: ports.join(',') };
  ports.forEach((port, i) => (env[`PORT${i}`] = String(port)));
  return env;
}

function commandFor(request: TaskRequest, ports: readonly number[]): CommandInfo | undefined {
  if (request.command === undefined) return undefined;
  const c: CommandOptions = typeof request.command === 'string' ? { value: request.command } : request.command;
  return {
    value: c.value,
    shell: c.shell ?? true,
    arguments: [...(c.arguments ?? [])],
    environment: { ...portEnv(ports), ...request.env },
    uris: [...(c.uris ?? [])],
    user: c.user,
  };
}

function buildTask(offer: Offer, request: TaskRequest, taskId: string, resources: Resources, ports: number[]): TaskInfo {
  return {
    taskId,
    name: request.name,
    agentId: offer.agentId,
    resources,
    command: commandFor(request, ports),
    container: request.container,
    healthCheck: request.healthCheck,
    killGracePeriodMs: request.killGracePeriodMs,
    labels: Object.entries(request.labels ?? {}).map(([key, value]) => ({ key, value })),
    data: request.data,
    maxCompletionTimeMs: request.maxCompletionTimeMs,
  };
}

/**
 * Builds a TaskInfo for `request` out of `offer` (or out of `options.available`, what is left of
 * it): takes exactly the asked scalars, picks ports from the offer's ranges, and returns what
 * remains. When it does not fit, says which resources fall short and by how much.
 */
export function taskFor(offer: Offer, request: TaskRequest, options: TaskBuildOptions = {}): TaskFit {
  if (!request.name?.trim()) throw invalidArgument('a task needs a name');
  if (request.command === undefined && request.container === undefined) {
    throw invalidArgument(`task '${request.name}' needs a command or a container`);
  }
  const available = options.available ?? offer.resources;
  const match = matchResources(available, offer.role, request);
  if (!match.ok) {
    const why = match.shortfalls.map((s) => s.message).join('; ');
    return { ok: false, shortfalls: match.shortfalls, message: `offer ${offer.id} on ${offer.hostname}: ${why}` };
  }
  const taskId = request.taskId ?? options.ids?.next() ?? defaultTaskId(request.name);
  const task = buildTask(offer, request, taskId, match.resources, match.ports);
  return { ok: true, task, ports: match.ports, remaining: available.subtract(match.resources) };
}
