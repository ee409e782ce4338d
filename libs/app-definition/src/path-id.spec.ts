import {
  appIdErrors,
  fromInstancePrefix,
  isChildOf,
  isSelfOrDescendantOf,
  parent,
  PATH_MESSAGES,
  pathSyntaxErrors,
  resolvePath,
  toInstancePrefix,
} from './path-id';

describe('resolvePath', () => {
  it.each([
    ['/prod/web', '/', '/prod/web'],
    ['/prod/web/', '/', '/prod/web'],
    ['//prod//web', '/', '/prod/web'],
    ['web', '/', '/web'],
    ['web', '/prod', '/prod/web'],
    ['web', '/prod/', '/prod/web'],
    ['./web', '/prod', '/prod/web'],
    ['../db', '/prod/web', '/prod/db'],
    ['../../x', '/a/b', '/x'],
    ['../../../x', '/a', '/x'],
    ['/a/../b', '/ignored', '/b'],
    ['', '/prod', '/prod'],
    ['/', '/prod', '/'],
  ])('%s against %s is %s', (id, base, expected) => {
    expect(resolvePath(id, base)).toBe(expected);
  });

  it('defaults the base to the root', () => {
    expect(resolvePath('a/b')).toBe('/a/b');
  });
});

describe('path syntax', () => {
  it.each(['/a', '/prod/web-1', '/my.app', '/a.b-c.d', '/0/9z', 'rel/ok', '../up'])('accepts %s', (id) => {
    expect(pathSyntaxErrors(id)).toEqual([]);
  });

  it.each(['/Web', '/web_1', '/-web', '/web-', '/a..b', '/a b', '/a.-b', '/a/.x'])('rejects segment of %s', (id) => {
    expect(pathSyntaxErrors(id)).toEqual([PATH_MESSAGES.segment]);
  });

  it.each(['/prod/restart', '/prod/tasks', '/versions', 'web/.', 'web/..'])('rejects reserved last segment in %s', (id) => {
    expect(pathSyntaxErrors(id)).toEqual([PATH_MESSAGES.reserved]);
  });

  it('allows reserved words before the last segment', () => {
    expect(pathSyntaxErrors('/tasks/web')).toEqual([]);
  });

  it('says the segment rule and reserved words in Marathon terms', () => {
    expect(PATH_MESSAGES.reserved).toBe('must not end with any of the following reserved keywords: restart, tasks, versions, ., ..');
    expect(PATH_MESSAGES.segment).toContain("must fully match regular expression '^(([a-z0-9]|");
  });

  it('an app id must not resolve to the root', () => {
    expect(appIdErrors('/')).toEqual(['must not be root']);
    expect(appIdErrors('..', '/prod')).toEqual([PATH_MESSAGES.reserved]);
    expect(appIdErrors('../..', '/a/b')).toEqual([PATH_MESSAGES.reserved]);
    expect(appIdErrors('/prod/..')).toEqual([PATH_MESSAGES.reserved]);
    expect(appIdErrors('web', '/prod')).toEqual([]);
  });
});

describe('tree relations', () => {
  it('parent of an id is its enclosing group, the root its own parent', () => {
    expect(parent('/prod/web')).toBe('/prod');
    expect(parent('/web')).toBe('/');
    expect(parent('/')).toBe('/');
  });

  it('isChildOf is the direct-child relation', () => {
    expect(isChildOf('/prod/web', '/prod')).toBe(true);
    expect(isChildOf('/prod/web', '/prod/')).toBe(true);
    expect(isChildOf('/prod/eu/web', '/prod')).toBe(false);
    expect(isChildOf('/web', '/')).toBe(true);
    expect(isChildOf('/', '/')).toBe(false);
    expect(isChildOf('/production', '/prod')).toBe(false);
  });

  it('isSelfOrDescendantOf compares whole segments', () => {
    expect(isSelfOrDescendantOf('/prod/eu/web', '/prod')).toBe(true);
    expect(isSelfOrDescendantOf('/prod', '/prod')).toBe(true);
    expect(isSelfOrDescendantOf('/production', '/prod')).toBe(false);
    expect(isSelfOrDescendantOf('/anything', '/')).toBe(true);
  });

  it('not-child message names both ids', () => {
    expect(PATH_MESSAGES.notChild('/app', '/group')).toBe(
      'identifier /app is not child of /group. Hint: use relative paths.',
    );
  });
});

describe('instance prefixes', () => {
  it('joins segments with underscores, as in task ids prod_web.instance-<uuid>._app', () => {
    expect(toInstancePrefix('/prod/web')).toBe('prod_web');
    expect(toInstancePrefix('/web')).toBe('web');
    expect(toInstancePrefix('/a.b/c-d')).toBe('a.b_c-d');
  });

  it('maps back to the app id', () => {
    expect(fromInstancePrefix('prod_web')).toBe('/prod/web');
    expect(fromInstancePrefix(toInstancePrefix('/a/b.c/d'))).toBe('/a/b.c/d');
  });
});
