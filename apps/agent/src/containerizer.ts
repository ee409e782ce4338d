import { CommandInfo, TaskInfo } from '@strato/domain';

/** Everything needed to start one container. */
export interface ContainerConfig {
  readonly containerId: string;
  /** An existing directory: the container's working directory, holding `stdout` and `stderr`. */
  readonly sandbox: string;
  readonly command: CommandInfo;
  readonly env: Readonly<Record<string, string>>;
  /** Asked right before the container's process starts; false calls the launch off (`LaunchCancelledError`). */
  readonly proceed?: () => boolean;
}

/**
 * What a containerizer needs to find a container again after the agent restarts (for the
 * process containerizer: the process group and the boot it belongs to). Opaque to the agent,
 * which only checkpoints it.
 */
export type ContainerRecoveryInfo = Readonly<Record<string, string | number>>;

export interface LaunchedContainer {
  readonly containerId: string;
  readonly recovery: ContainerRecoveryInfo;
}

/** How a container ended. */
export interface ContainerTermination {
  /** Exit status when the container's main process exited on its own. */
  readonly exitCode: number | null;
  /** The signal that ended the main process, e.g. 'SIGTERM'. */
  readonly signal: string | null;
  /** True when the container was ended through `kill`. */
  readonly killed: boolean;
}

export interface CheckpointedContainer {
  readonly containerId: string;
  readonly recovery: ContainerRecoveryInfo;
}

/** The launch failed before the container ran (REASON_CONTAINER_LAUNCH_FAILED). */
export class ContainerLaunchError extends Error {
  override readonly name = 'ContainerLaunchError';
}

/** The launch was called off (see `ContainerConfig.proceed`) before anything was started. */
export class LaunchCancelledError extends Error {
  override readonly name = 'LaunchCancelledError';
  constructor() {
    super('the launch was cancelled');
  }
}

/**
 * Runs containers for tasks (Mesos `Containerizer`). The process containerizer is the first
 * implementation; cgroups- and image-based ones will sit behind the same interface.
 */
export interface Containerizer {
  readonly name: string;
  /** Why this containerizer cannot run `task`, or undefined when it can. */
  unsupported(task: TaskInfo): string | undefined;
  /** Resolves once the container's main process runs; rejects with ContainerLaunchError. */
  launch(config: ContainerConfig): Promise<LaunchedContainer>;
  /** Resolves when the container has ended and nothing of it is left running. */
  wait(containerId: string): Promise<ContainerTermination>;
  /**
   * Asks the container to stop (SIGTERM), then forces it (SIGKILL) after `gracePeriodMs`.
   * A later call may shorten the remaining grace period, never lengthen it.
   */
  kill(containerId: string, gracePeriodMs: number): void;
  /** Ids of containers still running. */
  containers(): string[];
  /**
   * Destroys what a previous agent run left behind (Mesos `--recover=cleanup`); returns the
   * ids of the containers that were still alive.
   */
  destroyOrphans(checkpointed: readonly CheckpointedContainer[]): Promise<string[]>;
}
