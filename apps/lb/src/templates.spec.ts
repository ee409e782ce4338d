import { DEFAULT_TEMPLATES } from '@strato/haproxy-config';
import { tempDir } from '@strato/testing';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplates, templateOverrides } from './templates';

describe('template overrides', () => {
  it('reads files named like templates; an environment variable wins and turns \\n into newlines', () => {
    const dir = tempDir('lb-templates-');
    writeFileSync(join(dir, 'HAPROXY_BACKEND_HEAD'), '\nbackend {{backend}}\n  balance leastconn\n');
    writeFileSync(join(dir, 'HAPROXY_FRONTEND_BACKEND_GLUE'), 'from file\n');
    writeFileSync(join(dir, 'NOT_A_TEMPLATE'), 'ignored');
    const env = { HAPROXY_FRONTEND_BACKEND_GLUE: '  use_backend {{backend}}\\n' };
    expect(templateOverrides(dir, env)).toEqual({
      HAPROXY_BACKEND_HEAD: '\nbackend {{backend}}\n  balance leastconn\n',
      HAPROXY_FRONTEND_BACKEND_GLUE: '  use_backend {{backend}}\n',
    });
    expect(loadTemplates(dir, env).HAPROXY_BACKEND_HEAD).toContain('leastconn');
  });

  it('treats a missing folder as no overrides and refuses a template that does not compile', () => {
    expect(loadTemplates('/nonexistent/templates', {})).toEqual(DEFAULT_TEMPLATES);
    expect(() => loadTemplates('/nonexistent', { HAPROXY_BACKEND_HEAD: '{{#if}}' })).toThrow(/HAPROXY_BACKEND_HEAD/);
  });
});
