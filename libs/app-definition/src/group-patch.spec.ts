import { validateGroupPatch } from './group-patch';

describe('validateGroupPatch', () => {
  it('accepts a boolean enforceRole on a top-level group', () => {
    expect(validateGroupPatch({ enforceRole: true }, '/prod')).toEqual({ ok: true, enforceRole: true });
    expect(validateGroupPatch({ enforceRole: false }, 'prod')).toEqual({ ok: true, enforceRole: false });
  });

  it('refuses nested groups and the root with a Marathon-shaped path', () => {
    const nested = validateGroupPatch({ enforceRole: true }, '/prod/web');
    expect(nested).toEqual({
      ok: false,
      status: 422,
      body: { message: 'Object is not valid', details: [{ path: '/enforceRole', errors: ['enforceRole can only be set for top-level groups, and /prod/web is not top-level'] }] },
    });
    expect(validateGroupPatch({ enforceRole: false }, '/').ok).toBe(false);
  });

  it('refuses unknown fields, a missing or non-boolean enforceRole and non-objects', () => {
    const unknown = validateGroupPatch({ enforceRole: true, apps: [] }, '/prod');
    expect(!unknown.ok && unknown.body.details).toEqual([{ path: '/apps', errors: ["unknown field: 'apps'"] }]);
    const missing = validateGroupPatch({}, '/prod');
    expect(!missing.ok && missing.body.details).toEqual([{ path: '/enforceRole', errors: ['is required'] }]);
    const wrong = validateGroupPatch({ enforceRole: 'yes' }, '/prod');
    expect(!wrong.ok && wrong.body.details).toEqual([{ path: '/enforceRole', errors: ['expected boolean'] }]);
    expect(validateGroupPatch([], '/prod').ok).toBe(false);
  });
});
