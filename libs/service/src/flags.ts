import { Command, Option } from 'commander';

export interface FlagSpec {
  /** Mesos-style name with underscores, e.g. `work_dir`; kebab-case (`haproxy-config`) works too. */
  readonly name: string;
  readonly description: string;
  readonly defaultValue?: string;
  readonly required?: boolean;
  /** Flags without a value (`--flag`), parsed as booleans. */
  readonly boolean?: boolean;
  /** May be given several times; the values are joined with commas (`--group a --group b` → `a,b`). */
  readonly repeatable?: boolean;
}

export function flag(name: string, description: string, defaultValue?: string, required = false): FlagSpec {
  return { name, description, defaultValue, required };
}

/** The environment variable equivalent of a flag: `work_dir` → `STRATO_WORK_DIR`, `max-backoff` → `STRATO_MAX_BACKOFF`. */
export const envName = (name: string) => `STRATO_${name.toUpperCase().replace(/-/g, '_')}`;

/** Commander hands a repeated option its previous value (or its default); the first use replaces the default. */
function joinRepeats(): (value: string, previous: unknown) => string {
  let seen = false;
  return (value, previous) => {
    const joined = seen && typeof previous === 'string' ? `${previous},${value}` : value;
    seen = true;
    return joined;
  };
}

/**
 * Parses `argv` against Mesos-style flags (`--port=5050` or `--port 5050`); each flag can also
 * come from its `STRATO_<FLAG>` environment variable. Prints help on `--help`. Returns raw strings
 * keyed by flag name, which the service converts and validates.
 */
export function parseFlags(
  program: string,
  summary: string,
  specs: readonly FlagSpec[],
  argv: readonly string[] = process.argv,
): Record<string, string | boolean | undefined> {
  const command = new Command(program).description(summary).helpOption('-h, --help', 'show this help');
  command.addHelpText('after', '\nEvery flag can also be set with its environment variable STRATO_<FLAG>, e.g. STRATO_PORT=5050.');
  const options: [FlagSpec, Option][] = [];
  for (const spec of specs) {
    const long = spec.boolean ? `--${spec.name}` : `--${spec.name} <value>`;
    const option = new Option(long, spec.description).env(envName(spec.name));
    if (spec.defaultValue !== undefined) option.default(spec.defaultValue);
    if (spec.required) option.makeOptionMandatory(true);
    if (spec.repeatable && !spec.boolean) option.argParser(joinRepeats());
    command.addOption(option);
    options.push([spec, option]);
  }
  command.allowExcessArguments(false);
  command.parse([...argv]);
  const opts = command.opts();
  // Commander camel-cases kebab names (`haproxy-config` → `haproxyConfig`); callers read flag names.
  return Object.fromEntries(options.map(([spec, option]) => [spec.name, opts[option.attributeName()]]));
}
