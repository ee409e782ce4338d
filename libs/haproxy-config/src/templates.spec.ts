import Handlebars from 'handlebars';
import { bindSimple, compileTemplate, DEFAULT_TEMPLATES, fillBound, fillSimple, SAMPLE_CONTEXT } from './templates';

/** What handlebars itself gives (or the error it throws): the fast path must match it exactly. */
function reference(text: string, context: object): string {
  try {
    return Handlebars.create().compile(text, { noEscape: true })(context);
  } catch (error) {
    return `THROWS ${(error as Error).message}`;
  }
}

function ours(text: string, context: object): string {
  try {
    return compileTemplate(text)(context);
  } catch (error) {
    return `THROWS ${(error as Error).message}`;
  }
}

/** The renderer's sample values, with the ones that differ from the defaults: escapes, options, a string port. */
const sample = {
  ...SAMPLE_CONTEXT,
  sslCert: ' ssl crt /x.pem',
  path: '-i /api & <x> \'y\'',
  port: '31000',
  cookieOptions: ' cookie app_10000_s0',
  healthCheckOptions: ' check inter 10s fall 4',
  otherOptions: ' disabled',
  healthCheckPortOptions: ' port 31001',
};

const odd = {
  x: 'X',
  zero: 0,
  negativeZero: -0,
  float: 1.5,
  no: false,
  yes: true,
  empty: '',
  nothing: null,
  missing: undefined,
  list: [1, 2],
  object: { a: 1 },
  fn: () => 'called',
  log: 'shadowed by the log helper',
  true: 'T',
};

const templates = [
  ...Object.values(DEFAULT_TEMPLATES),
  'plain text, no variables\n',
  '',
  '{{x}}',
  '{{ x }}',
  '{{\tx\n}}',
  'a{{x}}b{{x}}c',
  '{{zero}} {{negativeZero}} {{float}} {{no}} {{yes}} {{empty}}',
  '{{nothing}}|{{missing}}|{{absent}}',
  '{{list}} {{object}} {{fn}}',
  '{{constructor}} {{toString}} {{__proto__}} {{hasOwnProperty}}',
  '{{log}} {{lookup}} {{if}} {{each}} {{with}} {{unless}} {{helperMissing}}',
  '{{else}} {{this}} {{true}} {{false}} {{null}} {{undefined}}',
  '\\{{x}}',
  '\\\\{{x}}',
  'a\\{{x}}',
  '{{{x}}}',
  '{{x}}}',
  '{{{x}}',
  'a}}b',
  '{x} {{x}} }',
  '{{x.y}} {{../x}} {{@index}} {{[x]}} {{x-y}}',
  '{{#if x}}yes{{/if}}',
  '{{!comment}}{{x}}',
  '{{~x~}} ',
  '{{> partial}}',
  '{{&x}}',
  '{{x',
  'x}}',
  '{{}}',
  '\u0000{{x}}',
];

describe('compileTemplate', () => {
  // Handlebars' `log` helper and its prototype-access warnings write to the console: keep the output quiet.
  beforeAll(() => {
    for (const level of ['info', 'warn', 'error', 'log'] as const) jest.spyOn(console, level).mockImplementation(() => undefined);
  });
  afterAll(() => jest.restoreAllMocks());

  it('renders every default template without handlebars, as handlebars does', () => {
    for (const [name, text] of Object.entries(DEFAULT_TEMPLATES)) {
      expect([name, compileTemplate(text).simple !== undefined]).toEqual([name, true]);
      expect(ours(text, sample)).toBe(reference(text, sample));
    }
  });

  it.each(templates.map((t) => [JSON.stringify(t), t]))('%s gives what handlebars gives', (_, text) => {
    for (const context of [sample, odd, {}, { ...odd, ...sample }]) expect(ours(text, context)).toBe(reference(text, context));
  });

  it('fills a bound template as the whole context would', () => {
    const keep = ['serverName', 'host', 'port', 'cookieOptions', 'healthCheckOptions', 'otherOptions'];
    const parts = compileTemplate(DEFAULT_TEMPLATES['HAPROXY_BACKEND_SERVER_OPTIONS']).simple!;
    const { serverName, host, port, cookieOptions, healthCheckOptions, otherOptions } = sample;
    const line = [serverName, host, port, cookieOptions, healthCheckOptions, otherOptions];
    const bound = bindSimple(parts, sample, keep)!;
    expect(fillBound(bound, line)).toBe(fillSimple(parts, sample));
    expect(fillBound(bound, line)).toBe('  server app_10000_s0 10.0.0.1:31000 cookie app_10000_s0 check inter 10s fall 4 disabled\n');
    // A fixed value handlebars would treat specially leaves the template to handlebars.
    const custom = compileTemplate('  server {{serverName}} {{host}}:{{port}} # {{nothing}}\n').simple!;
    expect(bindSimple(custom, { nothing: null }, keep)).toBeUndefined();
    // A name used twice, and one kept but not used.
    const twice = bindSimple(compileTemplate('{{port}}-{{port}} {{backend}}').simple!, sample, keep)!;
    expect(fillBound(twice, line)).toBe('31000-31000 app_10000');
  });
});
