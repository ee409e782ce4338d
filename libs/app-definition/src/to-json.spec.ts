import appExample from './fixtures/app.json';
import { appToJson } from './to-json';
import type { AppDefinition } from './types';
import { validateApp } from './validate-app';

const NOW = Date.UTC(2024, 0, 1);

function valid(json: unknown): AppDefinition {
  const result = validateApp(json, { now: NOW, features: ['secrets'] });
  if (!result.ok) throw new Error(JSON.stringify(result.body.details));
  return result.app;
}

/** app.json with the parts Marathon itself rejects removed (see examples.spec.ts). */
function exampleApp(): AppDefinition {
  const { ipAddress: _ip, args: _args, ...rest } = appExample;
  return valid({ ...rest, env: { ...rest.env, PASSWORD: { secret: 'secret1' } } });
}

describe('appToJson', () => {
  it('orders keys as Marathon example app.json, with the later fields after them', () => {
    const keys = Object.keys(appToJson(exampleApp()));
    const exampleOrder = Object.keys(appExample).filter((k) => keys.includes(k));
    expect(keys.filter((k) => exampleOrder.includes(k))).toEqual(exampleOrder);
    expect(keys.slice(0, 6)).toEqual(['id', 'instances', 'cmd', 'cpus', 'disk', 'mem']);
    expect(keys.slice(-2)).toEqual(['version', 'versionInfo']);
  });

  it('has every defaulted field and only canonical spellings', () => {
    const json = appToJson(valid({ id: '/w', cmd: 'x', ports: [80], uris: ['http://h/a.zip'] }));
    expect(Object.keys(json)).toEqual([
      'id', 'instances', 'cmd', 'cpus', 'disk', 'mem', 'gpus', 'backoffFactor', 'backoffSeconds', 'constraints',
      'dependencies', 'env', 'executor', 'healthChecks', 'readinessChecks', 'labels', 'maxLaunchDelaySeconds',
      'networks', 'portDefinitions', 'requirePorts', 'upgradeStrategy', 'fetch', 'secrets', 'killSelection',
      'unreachableStrategy', 'version', 'versionInfo',
    ]);
    expect(json.fetch).toEqual([{ uri: 'http://h/a.zip', extract: true, executable: false, cache: false }]);
  });

  it('is accepted back as the same definition', () => {
    const app = exampleApp();
    expect(valid(appToJson(app))).toEqual(app);
    const legacy = valid({ id: '/w', container: { type: 'DOCKER', docker: { image: 'i', network: 'BRIDGE' } }, ports: [0, 0] });
    expect(valid(appToJson(legacy))).toEqual(legacy);
  });

  it('returns a copy', () => {
    const app = exampleApp();
    const json = appToJson(app);
    (json.labels as Record<string, string>).owner = 'hera';
    expect(app.labels.owner).toBe('zeus');
  });
});
