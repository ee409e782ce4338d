import groupExample from './fixtures/group.json';
import { validateGroup, type GroupDefinition } from './group';
import { groupToJson, scaleGroup, transitiveApps } from './group-ops';
import { PATH_MESSAGES } from './path-id';

const NOW = Date.UTC(2024, 2, 1);
const AT = '2024-03-01T00:00:00.000Z';

function group(json: unknown, options: Parameters<typeof validateGroup>[1] = { now: NOW }): GroupDefinition {
  const result = validateGroup(json, options);
  if (!result.ok) throw new Error(JSON.stringify(result.body.details));
  if (result.kind !== 'group') throw new Error(`not a group body: ${result.kind}`);
  return result.group;
}

function details(json: unknown, base = '/') {
  const result = validateGroup(json, { base, now: NOW });
  return result.ok ? result : result.body.details;
}

describe('group.json', () => {
  it('is accepted as a tree of normalized apps', () => {
    const root = group(groupExample);
    expect(root.id).toBe('/');
    expect(root.groups.map((g) => g.id)).toEqual(['/tools']);
    expect(root.groups[0].groups.map((g) => g.id)).toEqual(['/tools/log', '/tools/docker']);
    expect(transitiveApps(root).map((a) => a.id)).toEqual(['/tools/oauth-server', '/tools/datadog-agent', '/tools/docker/registry']);
    const [oauth, , registry] = transitiveApps(root);
    expect(oauth.portDefinitions).toEqual([{ port: 1980, protocol: 'tcp', labels: {} }]);
    expect(oauth.upgradeStrategy).toEqual({ minimumHealthCapacity: 0.5, maximumOverCapacity: 0 });
    expect(registry.networks).toEqual([{ mode: 'container/bridge' }]);
    expect(registry.container?.portMappings).toEqual([{ containerPort: 5000, hostPort: 0, servicePort: 5000, protocol: 'tcp', labels: {} }]);
    expect(root.version).toBe(AT);
    expect(oauth.version).toBe(AT);
    expect(root.groups[0].enforceRole).toBe(false);
    expect(root).not.toHaveProperty('enforceRole');
  });

  it('without now keeps the stored versions', () => {
    const root = group(groupExample, {});
    expect(root.version).toBe('2015-09-17T10:38:20.875Z');
    expect(transitiveApps(root)[2].versionInfo).toEqual({
      lastScalingAt: '2015-08-19T21:26:47.616Z',
      lastConfigChangeAt: '2015-08-19T21:00:54.621Z',
    });
  });

  it('round-trips through groupToJson', () => {
    const root = group(groupExample);
    expect(group(groupToJson(root))).toEqual(root);
  });
});

describe('ids in groups', () => {
  it('resolves relative ids against the enclosing group and the base', () => {
    const g = group({ id: 'prod', apps: [{ id: 'web', cmd: 'x', dependencies: ['db'] }], groups: [{ id: 'eu', apps: [{ id: './api', cmd: 'x' }] }] });
    expect(g.id).toBe('/prod');
    expect(g.apps[0].id).toBe('/prod/web');
    expect(g.apps[0].dependencies).toEqual(['/prod/db']);
    expect(g.groups[0].apps[0].id).toBe('/prod/eu/api');
    expect(group({ apps: [{ id: 'web', cmd: 'x' }] }, { base: '/team', now: NOW }).apps[0].id).toBe('/team/web');
  });

  it('an app outside its group is reported at its id', () => {
    expect(details({ id: '/group', apps: [{ id: '/app', cmd: 'x' }] })).toEqual([
      { path: '/apps(0)/id', errors: [PATH_MESSAGES.notChild('/app', '/group')] },
    ]);
  });

  it('a nested group must be a direct child', () => {
    expect(details({ id: '/a', groups: [{ id: '/b/c' }, { id: 'ok' }] })).toEqual([
      { path: '/groups(0)/id', errors: ['identifier /b/c is not child of /a. Hint: use relative paths.'] },
    ]);
  });

  it('the body id must lie within the URL group', () => {
    expect(details({ id: '/other' }, '/prod')).toEqual([
      { path: '/id', errors: ['identifier /other is not child of /prod. Hint: use relative paths.'] },
    ]);
  });

  it('apps and groups may not share an id, ids are unique', () => {
    expect(details({ id: '/g', apps: [{ id: 'x', cmd: 'a' }, { id: 'y', cmd: 'a' }, { id: 'y', cmd: 'b' }], groups: [{ id: 'x' }] })).toEqual([
      { path: '/apps(0)/id', errors: ['Groups and Applications may not have the same identifier.'] },
      { path: '/apps(2)/id', errors: ['duplicate identifier /g/y'] },
    ]);
  });

  it('enforceRole is for top-level groups only', () => {
    expect(details({ id: '/a/b', enforceRole: true })).toEqual([
      { path: '/enforceRole', errors: ['enforceRole can only be set for top-level groups, and /a/b is not top-level'] },
    ]);
    expect(group({ id: '/a', enforceRole: true }).enforceRole).toBe(true);
  });
});

describe('errors inside nested apps carry the full path', () => {
  it('schema errors', () => {
    expect(details({ id: '/g', groups: [{ id: 'a' }, { id: 'b', apps: [{ id: 'x', cmd: 3 }] }] })).toEqual([
      { path: '/groups(1)/apps(0)/cmd', errors: ['expected string'] },
    ]);
  });

  it('cross-field and constraint errors', () => {
    expect(details({ id: '/g', apps: [{ id: 'x' }, { id: 'y', cmd: 'a', constraints: [['h', 'LIKE']] }] })).toEqual([
      { path: '/apps(0)', errors: ["AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'."] },
      { path: '/apps(1)/constraints(0)', errors: ['LIKE and UNLIKE require a non-empty, regular expression value'] },
    ]);
  });

  it('unknown fields in groups', () => {
    expect(details({ id: '/g', groups: [{ id: 'a', pods: [] }] })).toEqual([{ path: '/groups(0)/pods', errors: ["unknown field: 'pods'"] }]);
  });

  it('nested groups need an id', () => {
    expect(details({ id: '/g', groups: [{ apps: [] }] })).toEqual([{ path: '/groups(0)/id', errors: ['is required'] }]);
  });
});

describe('special bodies', () => {
  it('version alone is a rollback of the group', () => {
    expect(validateGroup({ version: '2015-09-17T10:38:20.875Z' }, { base: '/prod' })).toEqual({
      ok: true,
      kind: 'rollback',
      id: '/prod',
      version: '2015-09-17T10:38:20.875Z',
    });
  });

  it('scaleBy alone scales the group', () => {
    expect(validateGroup({ id: 'prod', scaleBy: 1.5 })).toEqual({ ok: true, kind: 'scale', id: '/prod', scaleBy: 1.5 });
  });

  it('scaleBy with other fields is rejected', () => {
    expect(details({ id: '/p', scaleBy: 2, apps: [] })).toEqual([{ path: '/scaleBy', errors: ['not allowed in conjunction with other properties.'] }]);
  });

  it('negative scaleBy is rejected', () => {
    expect(details({ scaleBy: -1 })).toEqual([{ path: '/scaleBy', errors: ['must be greater than or equal to 0'] }]);
  });

  it('scaleGroup rounds instances up and stamps a scaling change', () => {
    const g = group({ id: '/p', apps: [{ id: 'a', cmd: 'x', instances: 3 }], groups: [{ id: 'q', apps: [{ id: 'b', cmd: 'x', instances: 1 }] }] });
    const later = NOW + 1000;
    const scaled = scaleGroup(g, 1.5, later);
    expect(transitiveApps(scaled).map((a) => a.instances)).toEqual([5, 2]);
    expect(scaled.apps[0].versionInfo).toEqual({ lastScalingAt: new Date(later).toISOString(), lastConfigChangeAt: AT });
  });
});
