import { withDefaults } from './defaults';
import type { AppDefinition } from './types';
import { validateApp } from './validate-app';

const NOW = Date.UTC(2024, 5, 1);
const AT = '2024-06-01T00:00:00.000Z';

function valid(json: Record<string, unknown>, options: Parameters<typeof validateApp>[1] = { now: NOW }): AppDefinition {
  const result = validateApp(json, options);
  if (!result.ok) throw new Error(JSON.stringify(result.body.details));
  return result.app;
}

describe('withDefaults', () => {
  it('fills every Marathon default for a minimal app', () => {
    expect(withDefaults({ id: 'web', cmd: 'run' }, { now: NOW })).toEqual({
      id: '/web',
      cmd: 'run',
      instances: 1,
      cpus: 1,
      mem: 128,
      disk: 0,
      gpus: 0,
      executor: '',
      env: {},
      secrets: {},
      labels: {},
      constraints: [],
      dependencies: [],
      fetch: [],
      healthChecks: [],
      readinessChecks: [],
      portDefinitions: [{ port: 0, protocol: 'tcp', name: 'default', labels: {} }],
      requirePorts: false,
      networks: [{ mode: 'host' }],
      backoffSeconds: 1,
      backoffFactor: 1.15,
      maxLaunchDelaySeconds: 300,
      upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
      killSelection: 'YOUNGEST_FIRST',
      unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
      version: AT,
      versionInfo: { lastScalingAt: AT, lastConfigChangeAt: AT },
    });
  });

  it('keeps given values over defaults', () => {
    const app = withDefaults({ id: '/web', cmd: 'x', cpus: 0.5, instances: 0, requirePorts: true, killSelection: 'OLDEST_FIRST' });
    expect(app).toMatchObject({ cpus: 0.5, instances: 0, requirePorts: true, killSelection: 'OLDEST_FIRST' });
  });

  it('without now keeps the version of the input (stored definitions), else the epoch', () => {
    const stored = withDefaults({ id: '/w', cmd: 'x', version: '2015-09-25T15:13:48.343Z', versionInfo: { lastConfigChangeAt: '2015-01-01T00:00:00.000Z' } });
    expect(stored.version).toBe('2015-09-25T15:13:48.343Z');
    expect(stored.versionInfo).toEqual({ lastScalingAt: '2015-09-25T15:13:48.343Z', lastConfigChangeAt: '2015-01-01T00:00:00.000Z' });
    expect(withDefaults({ id: '/w', cmd: 'x' }).version).toBe('1970-01-01T00:00:00.000Z');
  });

  it('accepts now as a Date', () => {
    expect(withDefaults({ id: '/w', cmd: 'x' }, { now: new Date(NOW) }).version).toBe(AT);
  });

  it('upper-cases constraint operators and resolves dependencies against the enclosing group', () => {
    const app = withDefaults({ id: '/prod/web', cmd: 'x', constraints: [['hostname', 'unique']], dependencies: ['db', '../shared/cache'] });
    expect(app.constraints).toEqual([['hostname', 'UNIQUE']]);
    expect(app.dependencies).toEqual(['/prod/db', '/shared/cache']);
  });
});

describe('deprecated fields', () => {
  it('ports become portDefinitions without names', () => {
    expect(valid({ id: '/w', cmd: 'x', ports: [8080, 0] }).portDefinitions).toEqual([
      { port: 8080, protocol: 'tcp', labels: {} },
      { port: 0, protocol: 'tcp', labels: {} },
    ]);
  });

  it('equivalent ports and portDefinitions are accepted', () => {
    expect(valid({ id: '/w', cmd: 'x', ports: [80], portDefinitions: [{ port: 80, name: 'http' }] }).portDefinitions).toEqual([
      { port: 80, protocol: 'tcp', name: 'http', labels: {} },
    ]);
  });

  it('uris become fetch entries, extracting archives only', () => {
    expect(valid({ id: '/w', cmd: 'x', uris: ['https://h/a.tar.gz?sig=1', 'https://h/run.sh'] }).fetch).toEqual([
      { uri: 'https://h/a.tar.gz?sig=1', extract: true, executable: false, cache: false },
      { uri: 'https://h/run.sh', extract: false, executable: false, cache: false },
    ]);
  });

  it('empty ports mean no ports at all, not the default port', () => {
    expect(valid({ id: '/w', cmd: 'x', ports: [] }).portDefinitions).toEqual([]);
  });

  it('docker network HOST becomes host networking and keeps the ports', () => {
    const app = valid({ id: '/w', container: { type: 'DOCKER', docker: { image: 'i', network: 'HOST' } }, ports: [1980] });
    expect(app.networks).toEqual([{ mode: 'host' }]);
    expect(app.portDefinitions).toEqual([{ port: 1980, protocol: 'tcp', labels: {} }]);
    expect(app.container?.portMappings).toBeUndefined();
  });

  it('ipAddress becomes a container network; discovery ports become Mesos port mappings', () => {
    const app = valid({
      id: '/w',
      cmd: 'x',
      ipAddress: { networkName: 'dcos', labels: { a: 'b' }, discovery: { ports: [{ number: 80, name: 'http', protocol: 'tcp' }] } },
    });
    expect(app.networks).toEqual([{ mode: 'container', name: 'dcos', labels: { a: 'b' } }]);
    expect(app.container).toEqual({
      type: 'MESOS',
      volumes: [],
      portMappings: [{ containerPort: 80, servicePort: 0, protocol: 'tcp', name: 'http', labels: {} }],
    });
  });

  it('a legacy bridge app keeps as many ports as its ports array asked for', () => {
    const app = valid({ id: '/w', container: { type: 'DOCKER', docker: { image: 'i', network: 'BRIDGE' } }, ports: [0, 0] });
    expect(app.portDefinitions).toEqual([]);
    expect(app.container?.portMappings).toHaveLength(2);
    expect(app.container?.portMappings?.[1]).toEqual({ containerPort: 0, hostPort: 0, servicePort: 0, protocol: 'tcp', labels: {} });
  });
});

describe('networking defaults', () => {
  it('bridge networking without mappings gets one default mapping with a dynamic host port', () => {
    const app = valid({ id: '/w', cmd: 'x', networks: [{ mode: 'container/bridge' }] });
    expect(app.portDefinitions).toEqual([]);
    expect(app.container).toEqual({
      type: 'MESOS',
      volumes: [],
      portMappings: [{ containerPort: 0, hostPort: 0, servicePort: 0, protocol: 'tcp', name: 'default', labels: {} }],
    });
  });

  it('container networking leaves absent host ports absent', () => {
    const app = valid({ id: '/w', networks: [{ name: 'overlay' }], container: { docker: { image: 'i' }, portMappings: [{ containerPort: 80 }] } });
    expect(app.networks).toEqual([{ mode: 'container', name: 'overlay' }]);
    expect(app.container?.type).toBe('DOCKER');
    expect(app.container?.portMappings).toEqual([{ containerPort: 80, servicePort: 0, protocol: 'tcp', labels: {} }]);
  });

  it('requirePorts only applies to host networking', () => {
    expect(valid({ id: '/w', cmd: 'x', requirePorts: true, networks: [{ mode: 'container/bridge' }] }).requirePorts).toBe(false);
  });
});

describe('health check defaults per protocol', () => {
  const checks = (healthChecks: unknown[], extra: Record<string, unknown> = {}) =>
    valid({ id: '/w', cmd: 'x', healthChecks, ...extra }).healthChecks;
  const timing = { gracePeriodSeconds: 300, intervalSeconds: 60, timeoutSeconds: 20, maxConsecutiveFailures: 3, delaySeconds: 15 };

  it('HTTP (the default protocol)', () => {
    expect(checks([{}])).toEqual([{ protocol: 'HTTP', ...timing, path: '/', portIndex: 0, ignoreHttp1xx: false, ipProtocol: 'IPv4' }]);
  });

  it('TCP has no path', () => {
    expect(checks([{ protocol: 'TCP', path: '/ignored' }])).toEqual([{ protocol: 'TCP', ...timing, portIndex: 0, ipProtocol: 'IPv4' }]);
  });

  it('MESOS_HTTP has a path but no ignoreHttp1xx', () => {
    expect(checks([{ protocol: 'MESOS_HTTP', path: '/health' }])).toEqual([
      { protocol: 'MESOS_HTTP', ...timing, path: '/health', portIndex: 0, ipProtocol: 'IPv4' },
    ]);
  });

  it('COMMAND has its command and no port', () => {
    expect(checks([{ protocol: 'COMMAND', command: { value: 'true' }, intervalSeconds: 5 }])).toEqual([
      { protocol: 'COMMAND', ...timing, intervalSeconds: 5, command: { value: 'true' } },
    ]);
  });

  it('a literal port replaces the default port index', () => {
    expect(checks([{ protocol: 'TCP', port: 8080 }])[0]).toEqual({ protocol: 'TCP', ...timing, port: 8080, ipProtocol: 'IPv4' });
  });
});

describe('readiness checks, resident and single-instance apps', () => {
  it('readiness checks get their defaults', () => {
    const app = valid({ id: '/w', cmd: 'x', portDefinitions: [{ name: 'http-api' }], readinessChecks: [{}] });
    expect(app.readinessChecks).toEqual([
      {
        name: 'readinessCheck',
        protocol: 'HTTP',
        path: '/',
        portName: 'http-api',
        intervalSeconds: 30,
        timeoutSeconds: 10,
        httpStatusCodesForReady: [200],
        preserveLastResponse: false,
      },
    ]);
  });

  it('apps with persistent volumes are resident: no over-capacity, unreachable disabled, residency set', () => {
    const app = valid({ id: '/db', cmd: 'x', container: { type: 'MESOS', volumes: [{ containerPath: 'data', mode: 'RW', persistent: { size: 100 } }] } });
    expect(app.upgradeStrategy).toEqual({ minimumHealthCapacity: 0.5, maximumOverCapacity: 0 });
    expect(app.unreachableStrategy).toBe('disabled');
    expect(app.residency).toEqual({ relaunchEscalationTimeoutSeconds: 3600, taskLostBehavior: 'WAIT_FOREVER' });
  });

  it('single-instance apps default to stop-then-start upgrades', () => {
    const app = valid({ id: '/w', cmd: 'x', labels: { MARATHON_SINGLE_INSTANCE_APP: 'true' } });
    expect(app.upgradeStrategy).toEqual({ minimumHealthCapacity: 0, maximumOverCapacity: 0 });
  });

  it('a partial upgradeStrategy keeps the other default', () => {
    expect(valid({ id: '/w', cmd: 'x', upgradeStrategy: { minimumHealthCapacity: 0.5 } }).upgradeStrategy).toEqual({
      minimumHealthCapacity: 0.5,
      maximumOverCapacity: 1,
    });
  });
});

describe('input handling', () => {
  it('null fields count as absent (GET answers of old versions carry them)', () => {
    const app = valid({ id: '/w', cmd: 'x', args: null, user: null, container: null, acceptedResourceRoles: null });
    expect(app).not.toHaveProperty('args');
    expect(app).not.toHaveProperty('container');
    expect(app).not.toHaveProperty('acceptedResourceRoles');
  });

  it('does not modify the caller object', () => {
    const json = { id: 'w', cmd: 'x', ports: [1], extra: null };
    valid(json);
    expect(json).toEqual({ id: 'w', cmd: 'x', ports: [1], extra: null });
  });
});
