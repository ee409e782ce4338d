import { flag, FlagValues, parseFlags, RawFlags } from '@strato/service';

export interface ExampleConfig {
  /** host:port of the master's gRPC endpoint. */
  readonly master: string;
  readonly tasks: number;
  readonly command: string;
  readonly cpus: number;
  readonly mem: number;
  readonly name: string;
  readonly role: string;
  readonly failoverTimeoutMs: number;
}

export const FLAGS = [
  flag('master', 'host:port of the master gRPC endpoint (required)', undefined, true),
  flag('tasks', 'how many tasks to run', '5'),
  flag('command', 'shell command of every task', 'echo hello from $MESOS_TASK_ID; sleep 1'),
  flag('cpus', 'cpus per task', '0.1'),
  flag('mem', 'memory per task, in MB', '32'),
  flag('name', 'framework name (also the prefix of task ids)', 'strato-example'),
  flag('role', 'the role to receive offers for', '*'),
  flag('failover_timeout', 'how long the master keeps the tasks while this framework is away (e.g. 0, 30secs, 5mins)', '0'),
];

/** Turns raw flag strings into a checked config; throws with a message naming the bad flag. */
export function configFrom(raw: RawFlags): ExampleConfig {
  const f = new FlagValues(raw);
  const name = f.text('name');
  if (!name) throw new Error('--name must not be empty');
  return {
    master: f.required('master', 'host:port of the master gRPC endpoint'),
    tasks: f.integer('tasks', '5', 1),
    command: String(raw.command ?? ''),
    cpus: f.number('cpus', '0.1'),
    mem: f.number('mem', '32'),
    name,
    role: f.text('role') ?? '*',
    failoverTimeoutMs: f.duration('failover_timeout', '0'),
  };
}

/** Parses `argv` (flags or their STRATO_<FLAG> environment variables). */
export function parseConfig(argv: readonly string[]): ExampleConfig {
  const raw = parseFlags(
    'strato-example-framework',
    'Runs N copies of a command on a Strato cluster through the framework SDK, then exits.',
    FLAGS,
    argv,
  );
  return configFrom(raw);
}
