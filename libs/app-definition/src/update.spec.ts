import type { AppDefinition } from './types';
import { applyUpdate, isRollback, rollback } from './update';
import { validateApp } from './validate-app';
import { isScalingOnly, restart } from './version-info';

const T0 = Date.UTC(2024, 0, 1);
const T1 = Date.UTC(2024, 0, 2);
const T2 = Date.UTC(2024, 0, 3);
const iso = (t: number) => new Date(t).toISOString();

function created(json: Record<string, unknown>): AppDefinition {
  const result = validateApp(json, { now: T0 });
  if (!result.ok) throw new Error(JSON.stringify(result.body.details));
  return result.app;
}

function updated(existing: AppDefinition | undefined, body: unknown, partialUpdate: boolean, now = T1): AppDefinition {
  const result = applyUpdate(existing, body, { partialUpdate, now });
  if (!result.ok) throw new Error(JSON.stringify(result.body.details));
  return result.app;
}

const web = () =>
  created({ id: '/web', cmd: 'serve', instances: 2, cpus: 0.5, labels: { team: 'a' }, env: { A: '1' }, portDefinitions: [{ port: 0, name: 'http' }] });

describe('PUT with partialUpdate=true and PATCH: top-level merge', () => {
  it('changes only the given fields', () => {
    const app = updated(web(), { cpus: 1, labels: { team: 'b' } }, true);
    expect(app).toMatchObject({ id: '/web', cmd: 'serve', instances: 2, cpus: 1, env: { A: '1' }, labels: { team: 'b' } });
    expect(app.portDefinitions).toEqual([{ port: 0, protocol: 'tcp', name: 'http', labels: {} }]);
  });

  it('replaces nested objects as a whole', () => {
    const app = updated(web(), { env: { B: '2' } }, true);
    expect(app.env).toEqual({ B: '2' });
  });

  it('setting args drops the inherited cmd (and the other way round)', () => {
    const app = updated(web(), { args: ['serve', '--fast'] }, true);
    expect(app.cmd).toBeUndefined();
    expect(app.args).toEqual(['serve', '--fast']);
  });

  it('deprecated ports in an update replace the portDefinitions', () => {
    expect(updated(web(), { ports: [8080] }, true).portDefinitions).toEqual([{ port: 8080, protocol: 'tcp', labels: {} }]);
  });

  it('switching to bridge networking drops the inherited host ports for a default mapping', () => {
    const app = updated(web(), { networks: [{ mode: 'container/bridge' }] }, true);
    expect(app.portDefinitions).toEqual([]);
    expect(app.container?.portMappings).toEqual([
      { containerPort: 0, hostPort: 0, servicePort: 0, protocol: 'tcp', name: 'default', labels: {} },
    ]);
  });

  it('the id in the URL wins over the one in the body', () => {
    const result = applyUpdate(web(), { id: '/other', instances: 3 }, { partialUpdate: true, now: T1, id: '/web' });
    expect(result.ok && result.app.id).toBe('/web');
  });

  it('reports invalid fields of the update at their path', () => {
    const result = applyUpdate(web(), { instances: -1, foo: 1 }, { partialUpdate: true, now: T1 });
    expect(!result.ok && result.body.details).toEqual([
      { path: '/foo', errors: ["unknown field: 'foo'"] },
      { path: '/instances', errors: ['must be greater than or equal to 0'] },
    ]);
  });

  it('reports rules broken by the merged result', () => {
    const result = applyUpdate(web(), { healthChecks: [{ portIndex: 3 }] }, { partialUpdate: true, now: T1 });
    expect(!result.ok && result.body.details).toEqual([
      { path: '/healthChecks(0)/portIndex', errors: ['Health check port indices must address an element of the ports array or container port mappings.'] },
    ]);
  });

  it('rejects version combined with other fields', () => {
    const result = applyUpdate(web(), { version: iso(T0), cpus: 2 }, { partialUpdate: true, now: T1 });
    expect(!result.ok && result.body.details).toEqual([{ path: '/', errors: ["The 'version' field may only be combined with the 'id' field."] }]);
  });
});

describe('PUT with partialUpdate=false: replacement', () => {
  it('missing fields go back to their defaults', () => {
    const app = updated(web(), { cmd: 'serve' }, false);
    expect(app).toMatchObject({ id: '/web', cmd: 'serve', instances: 1, cpus: 1, labels: {}, env: {} });
    expect(app.portDefinitions).toEqual([{ port: 0, protocol: 'tcp', name: 'default', labels: {} }]);
  });

  it('creates the app when it does not exist yet (id from the URL)', () => {
    const result = applyUpdate(undefined, { cmd: 'new' }, { partialUpdate: true, now: T1, id: '/fresh' });
    expect(result.ok && result.app).toMatchObject({ id: '/fresh', cmd: 'new', instances: 1, version: iso(T1) });
    expect(result.ok && result.app.versionInfo).toEqual({ lastScalingAt: iso(T1), lastConfigChangeAt: iso(T1) });
  });

  it('needs an id somewhere', () => {
    const result = applyUpdate(undefined, { cmd: 'new' }, { partialUpdate: false, now: T1 });
    expect(!result.ok && result.body.details).toEqual([{ path: '/id', errors: ['is required'] }]);
  });
});

describe('version info', () => {
  it('a scaling-only change moves lastScalingAt and keeps lastConfigChangeAt', () => {
    const app = updated(web(), { instances: 5 }, true);
    expect(app.version).toBe(iso(T1));
    expect(app.versionInfo).toEqual({ lastScalingAt: iso(T1), lastConfigChangeAt: iso(T0) });
  });

  it('a config change moves both', () => {
    const app = updated(web(), { cpus: 2 }, true);
    expect(app.versionInfo).toEqual({ lastScalingAt: iso(T1), lastConfigChangeAt: iso(T1) });
  });

  it('scaling and config change together count as a config change', () => {
    expect(updated(web(), { cpus: 2, instances: 9 }, true).versionInfo.lastConfigChangeAt).toBe(iso(T1));
  });

  it('an update that changes nothing only gets a new version', () => {
    const app = updated(web(), { cpus: 0.5 }, true);
    expect(app.version).toBe(iso(T1));
    expect(app.versionInfo).toEqual({ lastScalingAt: iso(T0), lastConfigChangeAt: iso(T0) });
  });

  it('a restart moves both and keeps the definition', () => {
    const scaled = updated(web(), { instances: 5 }, true);
    const restarted = restart(scaled, T2);
    expect(restarted).toEqual({ ...scaled, version: iso(T2), versionInfo: { lastScalingAt: iso(T2), lastConfigChangeAt: iso(T2) } });
  });

  it('isScalingOnly is true only when instances alone differ', () => {
    const before = web();
    expect(isScalingOnly(before, { ...before, instances: 3 })).toBe(true);
    expect(isScalingOnly(before, { ...before, instances: 3, cpus: 2 })).toBe(false);
    expect(isScalingOnly(before, { ...before, version: 'x' })).toBe(false);
    expect(isScalingOnly(before, { ...before, env: { A: '2' }, instances: 3 })).toBe(false);
  });

  it('key order does not make two definitions differ', () => {
    const before = web();
    const reordered = { ...before, labels: { team: 'a' }, instances: 4 };
    const { cmd, ...rest } = reordered;
    expect(isScalingOnly(before, { cmd, ...rest } as AppDefinition)).toBe(true);
  });
});

describe('rollback', () => {
  it('a body with only version (and id) is a rollback', () => {
    expect(isRollback({ version: iso(T0) })).toBe(true);
    expect(isRollback({ id: '/web', version: iso(T0) })).toBe(true);
    expect(isRollback({ version: iso(T0), cpus: 1 })).toBe(false);
    expect(isRollback({ instances: 1 })).toBe(false);
    expect(isRollback([{ version: iso(T0) }])).toBe(false);
    expect(isRollback({ version: 'last tuesday' })).toBe(false);
  });

  it('a version that is no timestamp is reported, not taken for a rollback', () => {
    const result = applyUpdate(web(), { version: 'last tuesday' }, { partialUpdate: true, now: T1 });
    expect(!result.ok && result.body.details).toEqual([{ path: '/version', errors: ['must be an ISO-8601 date-time'] }]);
  });

  it('applyUpdate refuses to guess a rollback target', () => {
    expect(() => applyUpdate(web(), { version: iso(T0) }, { partialUpdate: true, now: T1 })).toThrow(/rollback/);
  });

  it('rolling back to a stored version is a change stamped now', () => {
    const v1 = web();
    const v2 = updated(v1, { cpus: 2 }, true);
    const back = rollback(v2, v1, T2);
    expect(back).toEqual({ ...v1, version: iso(T2), versionInfo: { lastScalingAt: iso(T2), lastConfigChangeAt: iso(T2) } });
  });

  it('rolling back across a scaling-only change keeps lastConfigChangeAt', () => {
    const v1 = web();
    const v2 = updated(v1, { instances: 7 }, true);
    expect(rollback(v2, v1, T2).versionInfo).toEqual({ lastScalingAt: iso(T2), lastConfigChangeAt: iso(T0) });
  });
});
