import { EPOCH_VERSION } from '@strato/app-definition';
import { buildRootGroup, compareVersions } from './root-group';
import { app, iso } from './test-fixtures';

describe('buildRootGroup', () => {
  it('is an empty root at the epoch without apps or records', () => {
    expect(buildRootGroup([], [])).toEqual({ id: '/', apps: [], groups: [], dependencies: [], version: EPOCH_VERSION });
  });

  it('creates every implicit ancestor of a deeply nested app, sorted by id', () => {
    const root = buildRootGroup([app('/a/b/c/z', 1), app('/a/b/c/y', 2), app('/a/x', 3)], []);
    const a = root.groups[0];
    expect(a).toMatchObject({ id: '/a', enforceRole: false, version: iso(3), dependencies: [] });
    expect(a.apps.map((x) => x.id)).toEqual(['/a/x']);
    const c = a.groups[0].groups[0];
    expect(a.groups[0]).not.toHaveProperty('enforceRole');
    expect(c).toMatchObject({ id: '/a/b/c', version: iso(2) });
    expect(c.apps.map((x) => x.id)).toEqual(['/a/b/c/y', '/a/b/c/z']);
  });

  it('takes dependencies and enforceRole from records, the root record included', () => {
    const root = buildRootGroup(
      [app('/prod/web', 1)],
      [
        { id: '/', dependencies: ['/base'], version: iso(0) },
        { id: '/prod', dependencies: ['/db'], enforceRole: true, version: iso(7) },
        { id: '/prod/inner/deep', dependencies: [], version: iso(4) },
      ],
    );
    expect(root).toMatchObject({ dependencies: ['/base'], version: iso(7) });
    expect(root.groups.map((g) => [g.id, g.dependencies, g.enforceRole, g.version])).toEqual([
      ['/prod', ['/db'], true, iso(7)],
    ]);
    expect(root.groups[0].groups[0].groups[0]).toMatchObject({ id: '/prod/inner/deep', apps: [], groups: [] });
    expect(root.groups[0].groups[0].version).toBe(iso(4));
  });
});

describe('compareVersions', () => {
  it('orders by time, not by string', () => {
    expect(compareVersions('2026-01-01T00:00:00.5Z', '2026-01-01T00:00:00.123Z')).toBeGreaterThan(0);
    expect(compareVersions(iso(1), iso(2))).toBeLessThan(0);
    expect(compareVersions(iso(1), iso(1))).toBe(0);
  });
});
