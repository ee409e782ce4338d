import {
  arr,
  bool,
  int,
  num,
  obj,
  oneOfStrings,
  port,
  PORT_NAME_PATTERN,
  seconds,
  str,
  stringMap,
  type Schema,
} from './schema-builders';

/** Nested objects of the app schema: ports and networks, containers, checks. */

const PROTOCOLS = ['tcp', 'udp', 'udp,tcp'];

export const PORT_DEFINITION = obj('A port the task needs on its host (host networking only).', {
  port: port('Service port; 0 lets Marathon pick one. With requirePorts it is the literal host port.'),
  protocol: oneOfStrings('Transport protocol(s) of the port.', PROTOCOLS),
  name: str('Name used by readiness checks, PORT_<NAME> variables and service discovery.', {
    pattern: PORT_NAME_PATTERN,
  }),
  labels: stringMap('Free-form metadata for load balancers and discovery.'),
});

export const PORT_MAPPING = obj('How a container port is exposed (bridge or container networking).', {
  containerPort: port('Port inside the container; 0 means "same as the host port assigned".'),
  hostPort: port('Port on the agent; 0 is dynamic, absent means none (container mode).'),
  servicePort: port('Cluster-wide port for load balancers; 0 lets Marathon pick one.'),
  protocol: oneOfStrings('Transport protocol(s) of the mapping.', PROTOCOLS),
  name: str('Name of the mapping (unique within the app).', { pattern: PORT_NAME_PATTERN }),
  labels: stringMap('Free-form metadata for load balancers and discovery.'),
  networkNames: arr(
    'Container networks the mapping applies to.',
    str('A container network name.', { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', minLength: 1, maxLength: 63 }),
  ),
});

export const NETWORK = obj('A network the task joins.', {
  mode: oneOfStrings('host, a named container network, or the container bridge.', [
    'container',
    'container/bridge',
    'host',
  ]),
  name: str('Name of the container network (container mode).'),
  labels: stringMap('Labels passed to the network plugin.'),
});

export const IP_ADDRESS = obj('Deprecated IP-per-task request; converted to `networks`.', {
  networkName: str('Name of the container network to join.'),
  groups: arr('Deprecated network security groups.', { type: 'string' }),
  labels: stringMap('Labels passed to the network plugin.'),
  discovery: obj('Ports the task exposes on its own IP.', {
    ports: arr(
      'Discovery ports; converted to container port mappings.',
      obj('One discovery port.', {
        number: port('Port number on the task IP.'),
        name: str('Port name.', { pattern: PORT_NAME_PATTERN }),
        protocol: oneOfStrings('Transport protocol.', ['tcp', 'udp']),
        labels: stringMap('Free-form metadata.'),
      }),
    ),
  }),
});

const DOCKER = obj(
  'Docker image settings.',
  {
    image: str('Image to run.', { minLength: 1 }),
    forcePullImage: bool('Pull the image even when the agent already has it.'),
    privileged: bool('Give the container extended privileges (Docker containerizer only).'),
    parameters: arr(
      'Extra `docker run` options as key/value pairs.',
      obj('One docker run option.', { key: str('Option name.', { minLength: 1 }), value: str('Option value.') }, {
        required: ['key', 'value'],
      }),
    ),
    credential: obj('Deprecated registry credential.', { principal: str('Principal.'), secret: str('Secret.') }, {
      required: ['principal'],
    }),
    pullConfig: obj('Registry pull secret (Mesos containerizer).', { secret: str('Secret name.', { minLength: 1 }) }, {
      required: ['secret'],
    }),
    network: oneOfStrings('Deprecated network type; converted to `networks`.', ['BRIDGE', 'HOST', 'NONE', 'USER']),
    portMappings: arr('Deprecated place for `container.portMappings`.', PORT_MAPPING),
  },
  { required: ['image'] },
);

const APPC = obj(
  'AppC image settings (Mesos containerizer).',
  {
    image: str('Image name.', { minLength: 1 }),
    id: str('Image id (sha512-...).', { minLength: 7 }),
    labels: stringMap('Image labels.'),
    forcePullImage: bool('Pull the image even when the agent has it.'),
  },
  { required: ['image'] },
);

const PERSISTENT = obj(
  'A local persistent volume (makes the app resident).',
  {
    type: oneOfStrings('Disk type.', ['root', 'path', 'mount']),
    size: int('Size in MiB.', { minimum: 0 }),
    maxSize: int('Largest acceptable mount disk in MiB.', { minimum: 0 }),
    profileName: str('Disk profile.', { minLength: 1 }),
    constraints: arr('Disk constraints, only ["path", "LIKE", regex].', {
      type: 'array',
      items: [{ type: 'string', enum: ['path'] }, { type: 'string', enum: ['LIKE'] }, { type: 'string' }],
      minItems: 3,
      additionalItems: false,
    }),
  },
  { required: ['size'] },
);

const VOLUME = obj('A volume mounted into the task.', {
  containerPath: str('Mount point inside the container.', { minLength: 1 }),
  hostPath: str('Host directory (host volumes).', { minLength: 1 }),
  persistent: PERSISTENT,
  external: obj('An external volume.', {
    size: int('Size in GiB.', { minimum: 0 }),
    name: str('Volume name.'),
    provider: str('Volume provider.'),
    options: { type: 'object', description: 'Provider options.' },
  }),
  mode: oneOfStrings('Read-only or read-write.', ['RO', 'RW']),
});

export const CONTAINER = obj('How the task is containerized.', {
  type: oneOfStrings('Containerizer: Docker or Mesos.', ['MESOS', 'DOCKER']),
  docker: DOCKER,
  appc: APPC,
  portMappings: arr('Ports exposed by the container (non-host networking).', PORT_MAPPING),
  volumes: arr('Volumes to mount.', VOLUME),
});

export const HEALTH_CHECK = obj('A health check; failing tasks are killed and replaced.', {
  protocol: oneOfStrings('Who runs the check and how.', [
    'HTTP',
    'HTTPS',
    'TCP',
    'COMMAND',
    'MESOS_HTTP',
    'MESOS_HTTPS',
    'MESOS_TCP',
  ]),
  command: obj('Command to run (COMMAND checks).', { value: str('Shell command line.') }, { required: ['value'] }),
  gracePeriodSeconds: seconds('Failures are ignored this long after the task starts.'),
  intervalSeconds: seconds('Time between two checks.'),
  timeoutSeconds: seconds('A check slower than this fails.'),
  maxConsecutiveFailures: seconds('Failures in a row before the task is killed.'),
  delaySeconds: seconds('Wait before the first check (Mesos checks).'),
  path: str('Request path (HTTP checks).'),
  port: port('Literal port to check.'),
  portIndex: int('Index into the ports / port mappings to check.', { minimum: 0 }),
  ignoreHttp1xx: bool('Treat 1xx answers as neither success nor failure.'),
  ipProtocol: oneOfStrings('IP version to check over.', ['IPv4', 'IPv6']),
});

export const READINESS_CHECK = obj('A readiness check gating deployments.', {
  name: str('Name of the check.'),
  protocol: oneOfStrings('Scheme.', ['HTTP', 'HTTPS']),
  path: str('Request path.'),
  portName: str('Name of the port to query.', { pattern: PORT_NAME_PATTERN }),
  intervalSeconds: seconds('Time between two checks.'),
  timeoutSeconds: seconds('A check slower than this fails.'),
  httpStatusCodesForReady: arr('Statuses meaning ready.', int('An HTTP status.', { minimum: 100, maximum: 999 })),
  preserveLastResponse: bool('Keep the last response for /v2/apps readiness output.'),
});

export const APP_CHECK = obj('A Mesos check; reported, never acted on.', {
  http: obj('HTTP check.', {
    portIndex: int('Index into the ports.', { minimum: 0 }),
    path: str('Request path.'),
    scheme: oneOfStrings('Scheme.', ['HTTP', 'HTTPS']),
  }),
  tcp: obj('TCP check.', { portIndex: int('Index into the ports.', { minimum: 0 }) }),
  exec: obj(
    'Command check.',
    {
      command: obj('Either a shell command line or an argv (exactly one).', {
        shell: str('Command line run by /bin/sh -c.'),
        argv: arr('Program and arguments.', { type: 'string' }),
      }),
    },
    { required: ['command'] },
  ),
  intervalSeconds: seconds('Time between two checks.'),
  timeoutSeconds: seconds('A check slower than this fails.'),
  delaySeconds: seconds('Wait before the first check.'),
});

export const RESOURCE_LIMIT: Schema = {
  description: 'A limit above the request, or "unlimited".',
  type: ['number', 'string'],
  if: { type: 'string' },
  then: { enum: ['unlimited'] },
  else: { minimum: 0 },
};

export const EXECUTOR_RESOURCES = obj('Resources reserved for the executor.', {
  cpus: num('CPU shares.', { minimum: 0 }),
  mem: num('Memory in MiB.', { minimum: 0 }),
  disk: num('Disk in MiB.', { minimum: 0 }),
});
