import appExample from './fixtures/app.json';
import httpCheckExample from './fixtures/app-check-http-example.json';
import appPatch from './fixtures/app_patch.json';
import appsCreate from './fixtures/apps_create.json';
import appsPatch from './fixtures/apps_patch.json';
import { applyUpdate } from './update';
import { validateApp } from './validate-app';
import type { AppDefinition } from './types';

/** Marathon's API examples (docs/docs/rest-api/public/api/v2/examples) through the pipeline. */

const NOW = Date.UTC(2024, 0, 2, 3, 4, 5, 6);
const AT = '2024-01-02T03:04:05.006Z';

function accepted(json: unknown, options: Parameters<typeof validateApp>[1] = { now: NOW }): AppDefinition {
  const result = validateApp(json, options);
  if (!result.ok) throw new Error(JSON.stringify(result.body.details));
  return result.app;
}

describe('apps_create.json', () => {
  it('accepts both apps with defaults and absolute dependencies', () => {
    const [sleep60, sleep120] = appsCreate.map((a) => accepted(a));
    expect(sleep60).toMatchObject({
      id: '/test/sleep60',
      cmd: 'sleep 60',
      cpus: 0.3,
      mem: 9,
      instances: 2,
      disk: 0,
      gpus: 0,
      dependencies: ['/test/sleep120', '/other/namespace/or/app'],
      portDefinitions: [{ port: 0, protocol: 'tcp', name: 'default', labels: {} }],
      networks: [{ mode: 'host' }],
      version: AT,
      versionInfo: { lastScalingAt: AT, lastConfigChangeAt: AT },
    });
    expect(sleep120.id).toBe('/test/sleep120');
    expect(sleep120.dependencies).toEqual([]);
  });
});

describe('app-check-http-example.json', () => {
  it('resolves the relative id and keeps the Mesos check with its defaults', () => {
    const app = accepted(httpCheckExample);
    expect(app.id).toBe('/http-index-test');
    expect(app.portDefinitions).toEqual([{ port: 0, protocol: 'tcp', name: 'http', labels: {} }]);
    expect(app.check).toEqual({
      http: { portIndex: 0, path: '/', scheme: 'HTTP' },
      intervalSeconds: 60,
      timeoutSeconds: 20,
      delaySeconds: 15,
    });
  });

  it('resolves the id against another base', () => {
    expect(accepted(httpCheckExample, { base: '/tests', now: NOW }).id).toBe('/tests/http-index-test');
  });
});

describe('app_patch.json and apps_patch.json', () => {
  const existing = accepted({ id: '/foo', cmd: 'sleep 1', instances: 1 });

  it('app_patch scales /foo to 2 instances, a scaling-only change', () => {
    const later = NOW + 60_000;
    const result = applyUpdate(existing, appPatch, { partialUpdate: true, now: later });
    expect(result.ok && result.app).toMatchObject({
      id: '/foo',
      cmd: 'sleep 1',
      instances: 2,
      version: new Date(later).toISOString(),
      versionInfo: { lastScalingAt: new Date(later).toISOString(), lastConfigChangeAt: AT },
    });
  });

  it('apps_patch entries apply to their apps', () => {
    const sleep60 = accepted(appsCreate[0]);
    const result = applyUpdate(sleep60, appsPatch[0], { partialUpdate: true, now: NOW + 1 });
    expect(result.ok && result.app.cpus).toBe(0.3);
    expect(result.ok && result.app.versionInfo.lastConfigChangeAt).toBe(AT);
  });
});

describe('app.json', () => {
  it('is rejected as Marathon rejects it: ipAddress together with ports, discovery on a Docker container', () => {
    const result = validateApp(appExample, { now: NOW, features: ['secrets'] });
    expect(result).toEqual({
      ok: false,
      status: 422,
      body: {
        message: 'Object is not valid',
        details: [
          { path: '/', errors: ['cannot specify both an IP address and port'] },
          { path: '/ipAddress', errors: ['ipAddress/discovery is not allowed for Docker containers'] },
        ],
      },
    });
  });

  it('without ipAddress still breaks the cmd/args rule and references an undefined secret', () => {
    const { ipAddress: _ip, ...rest } = appExample;
    const result = validateApp(rest, { now: NOW, features: ['secrets'] });
    expect(!result.ok && result.body.details).toEqual([
      { path: '/', errors: ["AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'."] },
      { path: '/env/PASSWORD/secret', errors: ['references an undefined secret'] },
    ]);
  });

  it('with those contradictions removed is accepted and normalized (legacy BRIDGE networking)', () => {
    const { ipAddress: _ip, args: _args, ...rest } = appExample;
    const fixed = { ...rest, env: { ...rest.env, PASSWORD: { secret: 'secret1' } } };
    const app = accepted(fixed, { now: NOW, features: ['secrets'] });
    expect(app.networks).toEqual([{ mode: 'container/bridge' }]);
    // Marathon drops portDefinitions of a bridged app; its port is the container's mapping.
    expect(app.portDefinitions).toEqual([]);
    expect(app.container).toEqual({
      type: 'DOCKER',
      docker: {
        forcePullImage: false,
        image: 'mesosphere:marathon/latest',
        parameters: [{ key: 'name', value: 'kdc' }],
        privileged: false,
      },
      volumes: [{ containerPath: '/docker_storage', hostPath: '/hdd/tools/docker/registry', mode: 'RW' }],
      portMappings: [
        { containerPort: 80, hostPort: 0, servicePort: 10019, protocol: 'tcp', name: 'http', labels: { vip: '192.168.0.1:80' } },
      ],
    });
    expect(app.healthChecks[0]).toEqual({
      protocol: 'HTTP',
      gracePeriodSeconds: 300,
      intervalSeconds: 20,
      timeoutSeconds: 20,
      maxConsecutiveFailures: 3,
      delaySeconds: 15,
      path: '/',
      portIndex: 0,
      ignoreHttp1xx: false,
      ipProtocol: 'IPv4',
    });
    expect(app.readinessChecks[0].portName).toBe('http');
    expect(app.fetch).toEqual([
      { uri: 'https://foo.com/setup.py', extract: true, executable: false, cache: false },
      { uri: 'https://foo.com/archive.zip', executable: false, extract: true, cache: true, destPath: 'newname.zip' },
    ]);
    expect(app).toMatchObject({ maxLaunchDelaySeconds: 3600, taskKillGracePeriodSeconds: 30, tty: true, user: 'root' });
  });
});
