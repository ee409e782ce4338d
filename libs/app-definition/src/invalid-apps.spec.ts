import { CONSTRAINT_MESSAGES } from '@strato/placement';
import { LEGACY_MESSAGES as L } from './legacy';
import { PATH_MESSAGES } from './path-id';
import { APP_MESSAGES as A } from './rules-app';
import { PORT_MESSAGES as P } from './rules-ports';
import { validateApp, type ValidateAppOptions } from './validate-app';
import type { Violation } from './violations';

/** Invalid definitions and the exact 422 details Marathon-style validation reports for them. */

const app = (extra: Record<string, unknown> = {}) => ({ id: '/web', cmd: 'run', ...extra });
const docker = { type: 'DOCKER', docker: { image: 'nginx' } };
const persistentVolume = { containerPath: 'data', mode: 'RW', persistent: { size: 10 } };

type Case = [name: string, json: unknown, details: Violation[], options?: ValidateAppOptions];

const cases: Case[] = [
  // JSON shape (schema.ts) and readable messages
  ['not an object', [app()], [{ path: '/', errors: ['expected object'] }]],
  ['unknown top-level field (#2124)', app({ minimumHealthCapacity: 0.5 }), [{ path: '/minimumHealthCapacity', errors: ["unknown field: 'minimumHealthCapacity'"] }]],
  ['unknown nested field', app({ upgradeStrategy: { minimumHealthCapacity: 1, foo: 1 } }), [{ path: '/upgradeStrategy/foo', errors: ["unknown field: 'foo'"] }]],
  ['unknown field in an array element', app({ healthChecks: [{ protocol: 'TCP', timeout: 3 }] }), [{ path: '/healthChecks(0)/timeout', errors: ["unknown field: 'timeout'"] }]],
  ['missing id', { cmd: 'run' }, [{ path: '/id', errors: ['is required'] }]],
  ['minimumHealthCapacity above 1', app({ upgradeStrategy: { minimumHealthCapacity: 1.1 } }), [{ path: '/upgradeStrategy/minimumHealthCapacity', errors: ['is greater than 1'] }]],
  ['maximumOverCapacity below 0', app({ upgradeStrategy: { maximumOverCapacity: -0.1 } }), [{ path: '/upgradeStrategy/maximumOverCapacity', errors: ['must be greater than or equal to 0'] }]],
  ['negative instances', app({ instances: -1 }), [{ path: '/instances', errors: ['must be greater than or equal to 0'] }]],
  ['fractional instances', app({ instances: 1.5 }), [{ path: '/instances', errors: ['expected integer'] }]],
  ['cpus as a string', app({ cpus: '1' }), [{ path: '/cpus', errors: ['expected number'] }]],
  ['cmd not a string', { id: '/web', cmd: 5 }, [{ path: '/cmd', errors: ['expected string'] }]],
  ['empty cmd', { id: '/web', cmd: '' }, [{ path: '/cmd', errors: ['must not be empty'] }]],
  ['negative portIndex', app({ healthChecks: [{ portIndex: -1 }] }), [{ path: '/healthChecks(0)/portIndex', errors: ['must be greater than or equal to 0'] }]],
  ['unknown killSelection', app({ killSelection: 'RANDOM' }), [{ path: '/killSelection', errors: ['is not one of (YOUNGEST_FIRST,OLDEST_FIRST)'] }]],
  ['backoffFactor below 1', app({ backoffFactor: 0.5 }), [{ path: '/backoffFactor', errors: ['must be greater than or equal to 1'] }]],
  ['env value of the wrong type', app({ env: { A: 3 } }), [{ path: '/env/A', errors: ['expected string or object'] }]],
  ['docker without image', app({ container: { type: 'DOCKER', docker: {} } }), [{ path: '/container/docker/image', errors: ['is required'] }]],
  ['empty acceptedResourceRoles', app({ acceptedResourceRoles: [] }), [{ path: '/acceptedResourceRoles', errors: ['must not be empty'] }]],
  ['version not a date', app({ version: 'yesterday' }), [{ path: '/version', errors: ['must be an ISO-8601 date-time'] }]],
  ['unreachableStrategy string other than disabled', app({ unreachableStrategy: 'never' }), [{ path: '/unreachableStrategy', errors: ['is not one of (disabled)'] }]],
  ['port name pattern', app({ portDefinitions: [{ name: 'HTTP' }] }), [{ path: '/portDefinitions(0)/name', errors: ["must fully match regular expression '^[a-z][a-z0-9-]*$'"] }]],
  // ids
  ['id with an upper-case segment', app({ id: '/Web' }), [{ path: '/id', errors: [PATH_MESSAGES.segment] }]],
  ['id ending with a reserved word', app({ id: '/prod/tasks' }), [{ path: '/id', errors: [PATH_MESSAGES.reserved] }]],
  ['root id', app({ id: '/' }), [{ path: '/id', errors: ['must not be root'] }]],
  ['invalid dependency', app({ dependencies: ['/ok', '/Bad'] }), [{ path: '/dependencies(1)', errors: [PATH_MESSAGES.segment] }]],
  // constraints (syntax from @strato/placement)
  ['constraint with one field', app({ constraints: [['hostname']] }), [{ path: '/constraints(0)', errors: [CONSTRAINT_MESSAGES.arity] }]],
  ['unknown constraint operator', app({ constraints: [['hostname', 'UNIQUE'], ['rack', 'SPREAD']] }), [{ path: '/constraints(1)(1)', errors: [CONSTRAINT_MESSAGES.operator] }]],
  ['UNIQUE with a value', app({ constraints: [['hostname', 'unique', 'x']] }), [{ path: '/constraints(0)(2)', errors: ['UNIQUE does not accept a value'] }]],
  ['constraint syntax next to schema errors', app({ cpus: -1, constraints: [['a', 'MAX_PER']] }), [{ path: '/cpus', errors: ['must be greater than or equal to 0'] }, { path: '/constraints(0)', errors: ['MAX_PER requires an integer value'] }]],
  // command
  ['both cmd and args', app({ args: ['sleep', '1'] }), [{ path: '/', errors: [A.cmdArgsContainer] }]],
  ['neither cmd, args nor container', { id: '/web' }, [{ path: '/', errors: [A.cmdArgsContainer] }]],
  ['DOCKER container without docker', { id: '/web', cmd: 'x', container: { type: 'DOCKER' } }, [{ path: '/container/docker', errors: ['not defined'] }]],
  // ports and networks
  ['ports and different portDefinitions', app({ ports: [80], portDefinitions: [{ port: 81 }] }), [{ path: '/', errors: [L.portsAndDefinitions] }]],
  ['duplicate ports', app({ ports: [8080, 0, 8080] }), [{ path: '/ports', errors: [L.portsUnique] }]],
  ['portMappings with host networking', app({ container: { ...docker, portMappings: [{ containerPort: 80 }] } }), [{ path: '/', errors: [P.mappingsWithHost] }]],
  ['portDefinitions with bridge networking', app({ networks: [{ mode: 'container/bridge' }], portDefinitions: [{ port: 0 }] }), [{ path: '/', errors: [P.definitionsWithoutHost] }]],
  ['duplicate port names', app({ portDefinitions: [{ name: 'http' }, { name: 'http', port: 1 }] }), [{ path: '/portDefinitions', errors: [P.namesUnique] }]],
  ['duplicate mapping names', app({ networks: [{ mode: 'container/bridge' }], container: { ...docker, portMappings: [{ name: 'a' }, { name: 'a' }] } }), [{ path: '/container/portMappings', errors: [P.namesUnique] }]],
  ['host network with a name', app({ networks: [{ mode: 'host', name: 'x' }] }), [{ path: '/networks', errors: [P.hostNetworkNamed] }]],
  ['host and container networks mixed', app({ portDefinitions: [], networks: [{ mode: 'host' }, { mode: 'container', name: 'a' }] }), [{ path: '/networks', errors: [P.networkMix] }]],
  ['two container networks with Docker', app({ networks: [{ name: 'a' }, { name: 'b' }], container: docker }), [{ path: '/', errors: [P.dockerOneNetwork] }]],
  ['ipAddress and networks', app({ ipAddress: { networkName: 'a' }, networks: [{ name: 'a' }] }), [{ path: '/', errors: [L.networksAndIp] }]],
  ['docker network NONE', app({ container: { type: 'DOCKER', docker: { image: 'x', network: 'NONE' } } }), [{ path: '/container/docker/network', errors: ['unsupported docker network type NONE'] }]],
  // checks
  ['health check portIndex beyond the ports', app({ healthChecks: [{ protocol: 'HTTP', portIndex: 1 }] }), [{ path: '/healthChecks(0)/portIndex', errors: [P.healthPortIndex] }]],
  ['port health check on an app without ports', app({ portDefinitions: [], healthChecks: [{ protocol: 'TCP' }] }), [{ path: '/healthChecks(0)', errors: [P.healthPortIndex] }]],
  ['two Mesos health checks', app({ healthChecks: [{ protocol: 'MESOS_HTTP' }, { protocol: 'MESOS_TCP' }] }), [{ path: '/', errors: [P.oneMesosCheck] }]],
  ['IPv6 on a Marathon HTTP check', app({ healthChecks: [{ ipProtocol: 'IPv6' }] }), [{ path: '/healthChecks(0)', errors: [P.ipv6] }]],
  ['two readiness checks', app({ portDefinitions: [{ name: 'http-api' }], readinessChecks: [{}, {}] }), [{ path: '/readinessChecks', errors: [P.oneReadinessCheck] }]],
  ['readiness check naming no port', app({ portDefinitions: [{ name: 'http' }], readinessChecks: [{ portName: 'api' }] }), [{ path: '/readinessChecks(0)/portName', errors: ['No port definition reference for portName api'] }]],
  ['readiness timeout not below interval', app({ portDefinitions: [{ name: 'http-api' }], readinessChecks: [{ intervalSeconds: 5, timeoutSeconds: 5 }] }), [{ path: '/readinessChecks(0)/timeoutSeconds', errors: [P.readinessTimeout] }]],
  // artifacts, scheduling, resources, secrets
  ['uris together with fetch', app({ uris: ['http://a/x'], fetch: [{ uri: 'http://a/y' }] }), [{ path: '/uris', errors: [L.urisWithFetch] }]],
  ['inactiveAfter above expungeAfter', app({ unreachableStrategy: { inactiveAfterSeconds: 600, expungeAfterSeconds: 300 } }), [{ path: '/unreachableStrategy/inactiveAfterSeconds', errors: [A.inactiveAfterExpunge] }]],
  ['single-instance app with 2 instances', app({ instances: 2, labels: { MARATHON_SINGLE_INSTANCE_APP: 'true' } }), [{ path: '/', errors: [A.singleInstance] }]],
  ['single-instance app allowing over-capacity', app({ labels: { MARATHON_SINGLE_INSTANCE_APP: 'true' }, upgradeStrategy: { maximumOverCapacity: 0.5 } }), [{ path: '/upgradeStrategy/maximumOverCapacity', errors: [A.singleInstanceUpgrade] }]],
  ['GPUs with the Docker containerizer', app({ gpus: 1, container: docker }), [{ path: '/', errors: [A.gpuDocker] }], { features: ['gpu_resources'] }],
  ['GPUs without the feature', app({ gpus: 1 }), [{ path: '/gpus', errors: ['Feature gpu_resources is not enabled. Enable with --enable_features gpu_resources)'] }]],
  ['resident app with an unreachable strategy', app({ container: { type: 'MESOS', volumes: [persistentVolume] }, unreachableStrategy: { inactiveAfterSeconds: 1, expungeAfterSeconds: 2 } }), [{ path: '/', errors: [A.residentUnreachable] }]],
  ['residency without persistent volumes', app({ residency: { taskLostBehavior: 'WAIT_FOREVER' } }), [{ path: '/', errors: [A.residency] }]],
  ['resource limit below the request', app({ cpus: 2, resourceLimits: { cpus: 1, mem: 'unlimited' } }), [{ path: '/resourceLimits/cpus', errors: ['must be greater than or equal to cpus (2)'] }]],
  ['secrets without the feature', app({ secrets: { s: { source: '/db' } }, env: { P: { secret: 's' } } }), [{ path: '/secrets', errors: [A.featureDisabled('secrets')] }, { path: '/env', errors: [A.envSecretsFeature] }]],
  ['Mesos check with two kinds', app({ check: { http: {}, tcp: {} } }), [{ path: '/check', errors: [A.oneCheckKind] }]],
];

describe('validateApp rejects', () => {
  // A rest parameter keeps the function's arity at 0, so jest never mistakes `options` for `done`.
  it.each(cases)('%s', (...row: Case) => {
    const [, json, details, options] = row;
    expect(validateApp(json, options)).toEqual({ ok: false, status: 422, body: { message: 'Object is not valid', details } });
  });

  it('has a case for every rule family (at least 25)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });
});

describe('strict mode', () => {
  it('strict: false drops unknown fields instead of reporting them, as Marathon did', () => {
    const result = validateApp(app({ minimumHealthCapacity: 0.5, upgradeStrategy: { foo: 1 } }), { strict: false });
    expect(result.ok && result.app.upgradeStrategy).toEqual({ minimumHealthCapacity: 1, maximumOverCapacity: 1 });
    expect(result.ok && 'minimumHealthCapacity' in result.app).toBe(false);
  });

  it('strict: false still reports wrong types', () => {
    const result = validateApp(app({ foo: 1, cpus: 'x' }), { strict: false });
    expect(!result.ok && result.body.details).toEqual([{ path: '/cpus', errors: ['expected number'] }]);
  });
});

describe('several problems at once', () => {
  it('merges messages per path and keeps every path', () => {
    const result = validateApp({ id: '/Web', args: ['a'], cmd: 'b', portDefinitions: [{ name: 'a' }, { name: 'a' }] });
    expect(!result.ok && result.body.details).toEqual([
      { path: '/id', errors: [PATH_MESSAGES.segment] },
      { path: '/', errors: [A.cmdArgsContainer] },
      { path: '/portDefinitions', errors: [P.namesUnique] },
    ]);
  });
});
