import {
  arr,
  bool,
  int,
  num,
  obj,
  oneOfStrings,
  pathId,
  port,
  seconds,
  str,
  stringMap,
  type Schema,
} from './schema-builders';
import {
  APP_CHECK,
  CONTAINER,
  EXECUTOR_RESOURCES,
  HEALTH_CHECK,
  IP_ADDRESS,
  NETWORK,
  PORT_DEFINITION,
  READINESS_CHECK,
  RESOURCE_LIMIT,
} from './schema-parts';

/**
 * Our JSON Schema of a Marathon app definition (the fields of Marathon 1.7's AppDefinition.json plus the later
 * `networks`, `check`, `role`, `resourceLimits` and `tty`). Closed objects: an unknown field is an error
 * (Marathon ignored them silently, issue #2124). Structure and ranges only; cross-field rules are in `rules-*.ts`,
 * id syntax in `path-id.ts`, constraint syntax in `@strato/placement`.
 */

const ENV_VALUE: Schema = {
  description: 'A value, or a reference to one of the app secrets.',
  type: ['string', 'object'],
  if: { type: 'object' },
  then: obj('Secret reference.', { secret: str('Name of an entry in `secrets`.', { minLength: 1 }) }, {
    required: ['secret'],
  }),
};

const UNREACHABLE_STRATEGY: Schema = {
  description: 'What to do with instances on unreachable agents: "disabled" (wait forever) or timeouts.',
  type: ['string', 'object'],
  if: { type: 'string' },
  then: { enum: ['disabled'] },
  else: obj('Timeouts after an agent became unreachable.', {
    inactiveAfterSeconds: seconds('Replace the instance after this long.'),
    expungeAfterSeconds: seconds('Forget (and kill if it returns) the instance after this long.'),
  }),
};

const APP_PROPERTIES: Record<string, Schema> = {
  id: pathId('Path of the app, absolute or relative to the enclosing group.'),
  cmd: str('Command line run via /bin/sh -c.', { minLength: 1 }),
  args: arr('Program and arguments, run without a shell (instead of cmd).', { type: 'string' }),
  user: str('OS user the task runs as.'),
  env: { type: 'object', description: 'Environment of the task.', additionalProperties: ENV_VALUE },
  secrets: {
    type: 'object',
    description: 'Secrets the app may reference, by name.',
    additionalProperties: obj('A secret.', { source: str('Where the secret comes from.', { minLength: 1 }) }, {
      required: ['source'],
    }),
  },
  instances: int('How many instances to run.', { minimum: 0 }),
  cpus: num('CPU shares per instance.', { minimum: 0 }),
  mem: num('Memory per instance in MiB.', { minimum: 0 }),
  disk: num('Scratch disk per instance in MiB.', { minimum: 0 }),
  gpus: int('GPUs per instance.', { minimum: 0 }),
  resourceLimits: obj('Limits above the requested cpus and mem.', { cpus: RESOURCE_LIMIT, mem: RESOURCE_LIMIT }),
  executor: str('Executor to launch with; empty or //cmd for the command executor.', {
    pattern: '^(|\\/\\/cmd|\\/?[^\\/]+(\\/[^\\/]+)*)$',
  }),
  executorResources: EXECUTOR_RESOURCES,
  constraints: arr('Placement rules [field, OPERATOR, value?].', arr('One constraint.', { type: 'string' })),
  acceptedResourceRoles: arr('Roles of the resources the app may use.', { type: 'string' }, {
    minItems: 1,
    uniqueItems: true,
  }),
  role: str('Mesos role the app reserves resources for.'),
  ports: arr('Deprecated: port numbers; converted to portDefinitions.', port('A port.')),
  portDefinitions: arr('Ports the task needs on its host.', PORT_DEFINITION),
  requirePorts: bool('Use the given ports as literal host ports.'),
  networks: arr('Networks the task joins; host networking when absent.', NETWORK),
  ipAddress: IP_ADDRESS,
  container: CONTAINER,
  healthChecks: arr('Health checks.', HEALTH_CHECK),
  check: APP_CHECK,
  readinessChecks: arr('Readiness checks (at most one).', READINESS_CHECK),
  dependencies: arr('Apps or groups to deploy before this one.', pathId('A path id.'), { uniqueItems: true }),
  upgradeStrategy: obj('How many instances may be down / extra during a rolling restart.', {
    minimumHealthCapacity: num('Fraction of instances that stay healthy.', { minimum: 0, maximum: 1 }),
    maximumOverCapacity: num('Fraction of extra instances allowed.', { minimum: 0, maximum: 1 }),
  }),
  backoffSeconds: int('First relaunch delay after a failure.', { minimum: 0 }),
  backoffFactor: num('Growth of the relaunch delay per failure.', { minimum: 1 }),
  maxLaunchDelaySeconds: int('Cap of the relaunch delay.', { minimum: 0 }),
  killSelection: oneOfStrings('Which instances go first when scaling down.', ['YOUNGEST_FIRST', 'OLDEST_FIRST']),
  unreachableStrategy: UNREACHABLE_STRATEGY,
  taskKillGracePeriodSeconds: int('Time between SIGTERM and SIGKILL.', { minimum: 0 }),
  fetch: arr(
    'Artifacts the Mesos fetcher downloads into the sandbox.',
    obj(
      'One artifact.',
      {
        uri: str('Where to download from.', { minLength: 1, maxLength: 1024 }),
        extract: bool('Unpack archives.'),
        executable: bool('Mark the file executable.'),
        cache: bool('Use the fetcher cache.'),
        destPath: str('File name in the sandbox.'),
      },
      { required: ['uri'] },
    ),
  ),
  uris: arr('Deprecated: artifact URIs; converted to fetch.', str('A URI.', { minLength: 1 })),
  labels: stringMap('Free-form metadata (load balancers read some).'),
  residency: obj('Deprecated settings of resident apps.', {
    relaunchEscalationTimeoutSeconds: int('Wait for the pinned agent this long.', { minimum: 0 }),
    taskLostBehavior: oneOfStrings('What to do with lost resident tasks.', ['WAIT_FOREVER', 'RELAUNCH_AFTER_TIMEOUT']),
  }),
  tty: bool('Allocate a TTY.'),
  version: str('Version (server-set; alone with id it asks for a rollback).', { format: 'date-time' }),
  versionInfo: obj('Server-set version details (read-only).', {
    lastScalingAt: str('Last change of any kind.', { format: 'date-time' }),
    lastConfigChangeAt: str('Last change other than scaling.', { format: 'date-time' }),
  }),
};

/** A complete app (POST /v2/apps, apps inside groups). */
export const APP_SCHEMA: Schema = obj('A Marathon app definition.', APP_PROPERTIES, { required: ['id'] });

/** A partial app (PUT/PATCH bodies): the same fields, none required. */
export const APP_UPDATE_SCHEMA: Schema = obj('Fields of an app to change.', APP_PROPERTIES);

/** A group as POST/PUT /v2/groups receive it; nested groups need an id. */
export const GROUP_SCHEMA: Schema = {
  ...obj('A group of apps and groups.', {
    id: pathId('Path of the group, absolute or relative to the enclosing group.'),
    apps: arr('Apps directly in this group.', APP_SCHEMA),
    groups: arr('Child groups.', { $ref: '#/definitions/nestedGroup' }),
    dependencies: arr('Apps or groups to deploy before this group.', pathId('A path id.'), { uniqueItems: true }),
    enforceRole: bool('Top-level groups only: apps must use the group role.'),
    scaleBy: num('Alone: multiply the instances of every app below by this factor.', { minimum: 0 }),
    version: str('Alone: roll the group back to this version.', { format: 'date-time' }),
  }),
  definitions: {
    nestedGroup: { allOf: [{ $ref: '#' }], required: ['id'] },
  },
};
