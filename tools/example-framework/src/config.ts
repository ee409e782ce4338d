import { flag, parseDuration, parseFlags } from '@strato/service';

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

function positive(name: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got '${text}'`);
  }
  return value;
}

/** Turns raw flag strings into a checked config; throws with a message naming the bad flag. */
export function configFrom(raw: Record<string, string | boolean | undefined>): ExampleConfig {
  const text = (name: string) => String(raw[name] ?? '');
  if (!text('master').trim()) throw new Error('--master is required (host:port of the master gRPC endpoint)');
  if (!text('name').trim()) throw new Error('--name must not be empty');
  let failoverTimeoutMs: number;
  try {
    failoverTimeoutMs = parseDuration(text('failover_timeout'));
  } catch (error) {
    throw new Error(`--failover_timeout: ${(error as Error).message}`);
  }
  return {
    master: text('master').trim(),
    tasks: positive('tasks', text('tasks'), true),
    command: text('command'),
    cpus: positive('cpus', text('cpus'), false),
    mem: positive('mem', text('mem'), false),
    name: text('name').trim(),
    role: text('role').trim() || '*',
    failoverTimeoutMs,
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
