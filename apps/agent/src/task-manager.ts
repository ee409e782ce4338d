import { Clock, IdGen } from '@strato/clock';
import { CommandUri, HealthCheck, isTerminal, TaskStatus } from '@strato/domain';
import * as pb from '@strato/proto';
import { Resources } from '@strato/resources';
import { Logger, Metrics } from '@strato/service';
import { CheckpointStore } from './checkpoint';
import { CheckpointWriter } from './checkpoint-writer';
import { ContainerLaunchError, Containerizer, LaunchCancelledError } from './containerizer';
import { FetchError, Fetcher } from './fetcher';
import { HealthCheckRunner } from './health-check';
import { HealthProbe, invalidHealthCheck, ProbeContext, probeFor } from './health-probes';
import { createSandbox, isSafePathSegment } from './sandbox';
import { Slots } from './slots';
import { StatusUpdateManager } from './status-updates';
import { buildTaskEnv } from './task-env';
import { latestState, newRecord, recordKey, TaskRecord } from './task-record';
import { CompletedTasks } from './completed-tasks';
import {
  AGENT_SHUTDOWN,
  FRAMEWORK_REMOVED,
  healthCheckKill,
  KillIntent,
  makeStatus,
  MAX_COMPLETION_TIME,
  StatusChange,
  terminationChange,
  USER_KILL,
} from './task-status';

export interface TaskManagerDeps {
  readonly workDir: string;
  readonly hostname: string;
  readonly clock: Clock;
  readonly ids: IdGen;
  readonly containerizer: Containerizer;
  /** Puts `command.uris` into the sandbox before the command starts. */
  readonly fetcher: Fetcher;
  readonly checkpoints: CheckpointStore;
  readonly updates: StatusUpdateManager;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly defaultKillGracePeriodMs: number;
  /** The agent's current id (set once registered). */
  readonly agentId: () => string;
  /** The agent's environment, from which tasks get PATH and a few basics. */
  readonly agentEnv: Readonly<Record<string, string | undefined>>;
  /** Sends a status that is not retried (no uuid), e.g. TASK_LOST for a kill of an unknown task. */
  readonly sendUnreliable: (frameworkId: string, status: TaskStatus) => void;
  /** Builds the probe of a task's health check (the real HTTP/TCP/COMMAND probes when absent). */
  readonly healthProbe?: (check: HealthCheck, context: ProbeContext) => HealthProbe;
}

/**
 * Sandboxes created at once. The file system work of a burst of launches queues up in libuv's thread
 * pool, so creating hundreds together finishes them all late; a few at a time lets the first tasks of a
 * burst start while the later sandboxes are still being made.
 */
const SANDBOX_CONCURRENCY = 16;

const AGENT = 'SOURCE_AGENT' as const;
const EXECUTOR = 'SOURCE_EXECUTOR' as const;

/**
 * Owns the agent's tasks: launches them through the containerizer, turns what happens to them
 * into reliable status updates (checkpointed before they are sent, by group commit: see
 * `CheckpointWriter`), kills them, and forgets a task once its terminal update is acknowledged.
 */
export class TaskManager {
  private readonly records = new Map<string, TaskRecord>();
  private readonly sandboxSlots = new Slots(SANDBOX_CONCURRENCY);
  private readonly writer: CheckpointWriter;
  readonly completed = new CompletedTasks();

  constructor(private readonly deps: TaskManagerDeps) {
    this.writer = new CheckpointWriter({
      checkpoints: deps.checkpoints,
      forward: (frameworkId, status) => deps.updates.enqueue(frameworkId, status),
      logger: deps.logger,
    });
  }

  run(framework: pb.FrameworkInfo, taskProto: pb.TaskInfo): void {
    const key = recordKey(framework.id, taskProto.taskId);
    if (this.records.has(key)) {
      this.deps.logger.warn({ frameworkId: framework.id, taskId: taskProto.taskId }, 'ignoring RunTask for a task the agent already has');
      return;
    }
    const record = newRecord(this.deps.agentId(), framework, taskProto, this.deps.ids.next());
    this.records.set(key, record);
    this.deps.logger.info({ frameworkId: record.frameworkId, taskId: record.task.taskId, containerId: record.containerId }, 'launching task');
    const invalid = record.invalid ?? invalidIds(record) ?? (record.task.healthCheck && invalidHealthCheck(record.task.healthCheck));
    if (invalid) return this.finish(record, { state: 'TASK_ERROR', source: AGENT, reason: 'REASON_TASK_INVALID', message: invalid });
    const unsupported = this.deps.containerizer.unsupported(record.task);
    if (unsupported) return this.failLaunch(record, unsupported);
    this.update(record, { state: 'TASK_STARTING', source: EXECUTOR });
    void this.launch(record);
  }

  /** KillTask from the master; `graceSeconds` is the kill's own KillPolicy, if any. */
  kill(frameworkId: string, taskId: string, graceSeconds: number | undefined): void {
    const record = this.records.get(recordKey(frameworkId, taskId));
    if (!record) {
      this.deps.logger.warn({ frameworkId, taskId }, 'kill for an unknown task: answering TASK_LOST');
      const change = { state: 'TASK_LOST', source: AGENT, reason: 'REASON_TASK_UNKNOWN', message: 'Task unknown to the agent' } as const;
      this.deps.sendUnreliable(frameworkId, makeStatus(taskId, this.deps.agentId(), change, this.deps.clock.now(), undefined));
      return;
    }
    const graceMs = graceSeconds !== undefined ? Math.max(0, graceSeconds) * 1000 : this.graceOf(record);
    this.requestKill(record, USER_KILL, graceMs);
  }

  shutdownFramework(frameworkId: string): void {
    for (const record of this.records.values()) {
      if (record.frameworkId === frameworkId) this.requestKill(record, FRAMEWORK_REMOVED, this.graceOf(record));
    }
  }

  /** Kills every task (agent shutdown) and resolves once all of them have ended and their updates are checkpointed. */
  async killAll(): Promise<void> {
    const all = [...this.records.values()];
    for (const record of all) this.requestKill(record, AGENT_SHUTDOWN, this.graceOf(record));
    await Promise.all(all.map((r) => r.ended));
    await this.writer.flush();
  }

  /** Writes the pending checkpoints now (and forwards the updates waiting for them). */
  flushCheckpoints(): Promise<void> {
    return this.writer.flush();
  }

  /** Agent shutdown: writes the pending checkpoints, then writes no more. */
  closeCheckpoints(): Promise<void> {
    return this.writer.close();
  }

  /** The longest grace period any live task would get. */
  longestGraceMs(): number {
    return Math.max(0, ...this.list().map((r) => this.graceOf(r)));
  }

  acknowledge(frameworkId: string, taskId: string, uuid: string): void {
    const outcome = this.deps.updates.acknowledge(frameworkId, taskId, uuid);
    const record = this.records.get(recordKey(frameworkId, taskId));
    if (outcome.kind !== 'acknowledged' || !record) {
      this.deps.logger.debug({ frameworkId, taskId, uuid, outcome: outcome.kind }, 'ignoring acknowledgement');
      return;
    }
    record.acknowledged++;
    if (isTerminal(outcome.status.state) && outcome.remaining === 0) this.forget(record);
    else this.writer.save(record);
  }

  /** Adopts recovered records (their containers are gone) and fails the ones that were still live. */
  adopt(recovered: readonly TaskRecord[]): void {
    for (const record of recovered) {
      this.records.set(recordKey(record.frameworkId, record.task.taskId), record);
      this.deps.updates.restore(record.frameworkId, record.task.taskId, record.statuses.slice(record.acknowledged));
      if (isTerminal(latestState(record))) continue;
      const change = { state: 'TASK_FAILED', source: AGENT, reason: 'REASON_AGENT_RESTARTED', message: 'Agent restarted; task killed' } as const;
      this.update(record, change);
    }
  }

  list(): TaskRecord[] {
    return [...this.records.values()];
  }

  /** Resources of every task the agent still holds (freed when the terminal update is acknowledged). */
  usedResources(): Resources {
    let used = Resources.EMPTY;
    for (const r of this.records.values()) used = used.add(r.task.resources);
    return used;
  }

  private async launch(record: TaskRecord): Promise<void> {
    const { containerizer, workDir } = this.deps;
    const c = { agentId: record.agentId, frameworkId: record.frameworkId, executorId: record.task.taskId, containerId: record.containerId };
    try {
      record.sandbox = await this.sandboxSlots.run(() => createSandbox(workDir, c));
    } catch (e) {
      return this.failLaunch(record, `Failed to create sandbox: ${(e as Error).message}`);
    }
    const command = record.task.command!;
    if (!record.kill && command.uris.length > 0) {
      const failure = await this.fetchUris(record, command.uris, record.sandbox);
      if (failure !== undefined && !record.kill) return this.failLaunch(record, failure);
    }
    if (record.kill) return this.killedBeforeLaunch(record);
    const env = buildTaskEnv({
      ...c,
      taskId: record.task.taskId,
      sandbox: record.sandbox,
      hostname: this.deps.hostname,
      agentEnv: this.deps.agentEnv,
      ports: record.ports,
      taskEnv: command.environment,
    });
    try {
      // A kill may arrive while the launch waits for its turn to fork: then it is never forked.
      const proceed = () => !record.kill;
      const launched = await containerizer.launch({ containerId: record.containerId, sandbox: record.sandbox, command, env, proceed });
      record.container = launched.recovery;
    } catch (e) {
      if (e instanceof LaunchCancelledError) return this.killedBeforeLaunch(record);
      return this.failLaunch(record, e instanceof ContainerLaunchError ? e.message : `Failed to launch: ${(e as Error).message}`);
    }
    record.phase = 'running';
    this.update(record, { state: 'TASK_RUNNING', source: EXECUTOR });
    void containerizer.wait(record.containerId).then(
      (termination) => this.finish(record, terminationChange(termination, record.kill)),
      (e) => this.finish(record, { state: 'TASK_FAILED', source: AGENT, message: `Lost track of the container: ${(e as Error).message}` }),
    );
    if (record.kill) containerizer.kill(record.containerId, record.pendingGraceMs ?? this.graceOf(record));
    else {
      this.armCompletionDeadline(record);
      this.startHealthCheck(record, { sandbox: record.sandbox, env });
    }
  }

  private killedBeforeLaunch(record: TaskRecord): void {
    const message = 'Task killed before it was launched';
    this.finish(record, { state: 'TASK_KILLED', source: AGENT, reason: 'REASON_TASK_KILLED_DURING_LAUNCH', message });
  }

  /** Mesos' executor-side health checking: TASK_RUNNING updates with `healthy`, and a kill after too many failures. */
  private startHealthCheck(record: TaskRecord, context: ProbeContext): void {
    const check = record.task.healthCheck;
    if (!check) return;
    const log = { taskId: record.task.taskId, frameworkId: record.frameworkId, type: check.type };
    const runner = new HealthCheckRunner({
      check,
      clock: this.deps.clock,
      probe: (this.deps.healthProbe ?? probeFor)(check, context),
      onHealth: (healthy, cause) => {
        if (record.phase !== 'running' || record.kill) return;
        this.deps.logger.info({ ...log, healthy, cause }, 'task health changed or check failed');
        const reason = 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED' as const;
        this.update(record, { state: 'TASK_RUNNING', source: EXECUTOR, reason, healthy, message: cause });
      },
      onKill: (cause) => {
        this.deps.logger.warn({ ...log, cause }, 'killing task: health check failed too often');
        this.requestKill(record, healthCheckKill(cause), this.graceOf(record));
      },
      onIgnored: (cause) => this.deps.logger.info({ ...log, cause }, 'health check failure ignored (grace period)'),
    });
    record.health = runner;
    runner.start();
  }

  /** Fetches the task's URIs into its sandbox; returns the failure message, if any. */
  private async fetchUris(record: TaskRecord, uris: readonly CommandUri[], sandbox: string): Promise<string | undefined> {
    record.fetchAbort = new AbortController();
    try {
      await this.deps.fetcher.fetch({ uris, sandbox, signal: record.fetchAbort.signal });
      this.deps.metrics.increment('containerizer/fetcher/task_fetches_succeeded');
      return undefined;
    } catch (e) {
      this.deps.metrics.increment('containerizer/fetcher/task_fetches_failed');
      return e instanceof FetchError ? e.message : `Failed to fetch: ${(e as Error).message}`;
    } finally {
      record.fetchAbort = undefined;
    }
  }

  private armCompletionDeadline(record: TaskRecord): void {
    const limit = record.task.maxCompletionTimeMs;
    if (limit === undefined) return;
    record.completionTimer = this.deps.clock.setTimeout(() => this.requestKill(record, MAX_COMPLETION_TIME, this.graceOf(record)), limit);
  }

  private requestKill(record: TaskRecord, intent: KillIntent, graceMs: number): void {
    if (record.phase === 'terminated') return;
    record.health?.stop();
    const first = record.kill === undefined;
    record.kill ??= intent;
    if (record.phase === 'launching') {
      record.pendingGraceMs = Math.min(record.pendingGraceMs ?? graceMs, graceMs);
      record.fetchAbort?.abort();
      return;
    }
    this.deps.logger.info({ taskId: record.task.taskId, frameworkId: record.frameworkId, graceMs }, 'killing task');
    if (first && record.framework.capabilities.includes(pb.FrameworkInfo_Capability.TASK_KILLING_STATE)) {
      this.update(record, { state: 'TASK_KILLING', source: EXECUTOR });
    }
    this.deps.containerizer.kill(record.containerId, graceMs);
  }

  private graceOf(record: TaskRecord): number {
    return record.task.killGracePeriodMs ?? this.deps.defaultKillGracePeriodMs;
  }

  private failLaunch(record: TaskRecord, message: string): void {
    this.deps.metrics.increment('slave/container_launch_errors');
    this.deps.logger.warn({ taskId: record.task.taskId, frameworkId: record.frameworkId, message }, 'task launch failed');
    this.finish(record, { state: 'TASK_FAILED', source: AGENT, reason: 'REASON_CONTAINER_LAUNCH_FAILED', message });
  }

  /** The terminal update: the task's container is gone. */
  private finish(record: TaskRecord, change: StatusChange): void {
    this.deps.clock.clearTimeout(record.completionTimer);
    record.health?.stop();
    record.phase = 'terminated';
    this.update(record, change);
    this.deps.logger.info({ taskId: record.task.taskId, frameworkId: record.frameworkId, state: change.state, message: change.message }, 'task ended');
    record.markEnded();
  }

  /** Records a new reliable update; it reaches the status update manager once its checkpoint is durable. */
  private update(record: TaskRecord, change: StatusChange): void {
    const status = makeStatus(record.task.taskId, record.agentId, change, this.deps.clock.now(), this.deps.ids.next());
    record.statuses.push(status);
    if (isTerminal(change.state)) this.deps.metrics.increment(`slave/tasks_${change.state.slice(5).toLowerCase()}`);
    this.writer.send(record, status);
  }

  private forget(record: TaskRecord): void {
    this.records.delete(recordKey(record.frameworkId, record.task.taskId));
    this.deps.updates.drop(record.frameworkId, record.task.taskId);
    this.writer.remove(record);
    this.completed.add(record);
    this.deps.logger.info({ taskId: record.task.taskId, frameworkId: record.frameworkId, state: latestState(record) }, 'task removed');
  }
}

function invalidIds(record: TaskRecord): string | undefined {
  if (!isSafePathSegment(record.task.taskId)) return `Task ID '${record.task.taskId}' cannot be used in a sandbox path`;
  if (!isSafePathSegment(record.frameworkId)) return `Framework ID '${record.frameworkId}' cannot be used in a sandbox path`;
  return undefined;
}
