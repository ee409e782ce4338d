import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** What the master persists: agents it admitted and frameworks that subscribed (Mesos' registry, plus frameworks). */
export interface RegistryAgent {
  readonly id: string;
  readonly hostname: string;
  readonly port: number;
  readonly resources: string;
  readonly attributes: string;
  /** Seconds since the epoch when it was marked unreachable, if it is. */
  readonly unreachableTime?: number;
}

export interface RegistryFramework {
  readonly id: string;
  readonly name: string;
  readonly user: string;
  readonly roles: readonly string[];
  readonly failoverTimeoutMs: number;
  readonly capabilities: readonly string[];
  readonly registeredTime: number;
}

export interface RegistryData {
  readonly agentSequence: number;
  readonly frameworkSequence: number;
  readonly agents: Readonly<Record<string, RegistryAgent>>;
  readonly frameworks: Readonly<Record<string, RegistryFramework>>;
  /** Ids of frameworks that were torn down or timed out; they may not subscribe again. */
  readonly removedFrameworks: readonly string[];
}

const EMPTY: RegistryData = { agentSequence: 0, frameworkSequence: 0, agents: {}, frameworks: {}, removedFrameworks: [] };
const MAX_REMOVED_FRAMEWORKS = 1000;

/**
 * The registry file in the work dir, written atomically (temp file, fsync, rename) before the
 * master acknowledges the change it records, so a restarted master knows its agents and frameworks.
 */
export class Registry {
  private data: RegistryData;
  private readonly file: string;

  constructor(workDir: string) {
    mkdirSync(workDir, { recursive: true });
    this.file = join(workDir, 'registry.json');
    this.data = Registry.load(this.file);
  }

  private static load(file: string): RegistryData {
    try {
      return { ...EMPTY, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<RegistryData>) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY;
      throw new Error(`cannot read registry ${file}: ${(error as Error).message}`);
    }
  }

  get snapshot(): RegistryData {
    return this.data;
  }

  nextAgentNumber(): number {
    this.update({ agentSequence: this.data.agentSequence + 1 });
    return this.data.agentSequence;
  }

  nextFrameworkNumber(): number {
    this.update({ frameworkSequence: this.data.frameworkSequence + 1 });
    return this.data.frameworkSequence;
  }

  putAgent(agent: RegistryAgent): void {
    this.update({ agents: { ...this.data.agents, [agent.id]: agent } });
  }

  removeAgent(id: string): void {
    const { [id]: _removed, ...rest } = this.data.agents;
    this.update({ agents: rest });
  }

  putFramework(framework: RegistryFramework): void {
    this.update({ frameworks: { ...this.data.frameworks, [framework.id]: framework } });
  }

  removeFramework(id: string): void {
    const { [id]: _removed, ...rest } = this.data.frameworks;
    this.update({ frameworks: rest, removedFrameworks: [...this.data.removedFrameworks, id].slice(-MAX_REMOVED_FRAMEWORKS) });
  }

  isRemovedFramework(id: string): boolean {
    return this.data.removedFrameworks.includes(id);
  }

  private update(change: Partial<RegistryData>): void {
    this.data = { ...this.data, ...change };
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(this.data));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}
