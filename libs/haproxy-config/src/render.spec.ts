import { DEFAULT_TEMPLATES } from './templates';
import { renderConfig } from './render';
import { servicesFromApps } from './services';
import type { LbOptions } from './types';
import type { MarathonApp } from './marathon';
import { app, certPath, haproxyCheck, httpCheck, lbOptions, task } from './testing/haproxy-check';


const web = (labels: Record<string, string> = {}, extra: Partial<MarathonApp> = {}) =>
  app('/web', [10000], [task('web.1', '10.0.0.2', [31001]), task('web.2', '10.0.0.1', [31000])], { labels, ...extra });

interface Case {
  name: string;
  apps: MarathonApp[];
  options?: Partial<LbOptions>;
  contains: string[];
  excludes?: string[];
  problems?: RegExp[];
}

const cases: Case[] = [
  {
    name: 'plain tcp app: frontend, backend, servers sorted by (host, port), empty slots disabled',
    apps: [web()],
    contains: [
      'frontend web_10000\n  bind *:10000\n  mode tcp\n  use_backend web_10000\n',
      'backend web_10000\n  balance roundrobin\n  mode tcp\n',
      '  server web_10000_s0 10.0.0.1:31000\n  server web_10000_s1 10.0.0.2:31001\n',
      '  server web_10000_s2 127.0.0.1:1 disabled\n  server web_10000_s3 127.0.0.1:1 disabled\n',
      'frontend marathon_http_in\n  bind *:80\n',
      'stats socket ',
      'load-server-state-from-file global',
      'retry-on conn-failure empty-response response-timeout',
      'monitor-uri /_haproxy_health_check',
      'stats uri /haproxy?stats',
      'bind *:9090',
    ],
    excludes: ['option forwardfor', 'marathon_https_in', ' check'],
  },
  {
    name: 'http mode from the MODE label',
    apps: [web({ HAPROXY_0_MODE: 'http' })],
    contains: ['  mode http\n  use_backend web_10000', '  option forwardfor\n', 'X-Forwarded-Proto https if { ssl_fc }'],
  },
  {
    name: 'http mode from an HTTP health check, with check options on every slot',
    apps: [web({}, { healthChecks: [httpCheck], tasks: [task('web.1', '10.0.0.1', [31000], { healthCheckResults: [{ alive: true }] })] })],
    contains: [
      '  mode http\n  option forwardfor',
      '  option httpchk GET /health\n  timeout check 5s\n',
      '  server web_10000_s0 10.0.0.1:31000 check inter 10s fall 4\n',
      '  server web_10000_s1 127.0.0.1:1 check inter 10s fall 4 disabled\n',
    ],
  },
  {
    name: 'vhosts (comma list, lower-cased) and path on :80 and :443',
    apps: [
      web({ HAPROXY_0_VHOST: 'Web.Example.com, www.example.com' }),
      app('/api', [10001], [task('api.1', '10.0.0.3', [32000])], {
        labels: { HAPROXY_0_VHOST: 'web.example.com', HAPROXY_0_PATH: '-i /api' },
      }),
    ],
    options: { sslCerts: [] },
    contains: [
      '  acl host_web_example_com req.hdr(host),field(1,:) -i web.example.com\n',
      '  acl host_www_example_com req.hdr(host),field(1,:) -i www.example.com\n',
      '  acl path_api_10001 path_beg -i /api\n',
      // The path rule (weight 1) comes before the catch-all host rule of the same host.
      '  use_backend api_10001 if host_web_example_com path_api_10001\n  use_backend web_10000 if host_web_example_com\n' +
        '  use_backend web_10000 if host_www_example_com\n',
      'backend web_10000\n  balance roundrobin\n  mode http\n',
    ],
    excludes: ['marathon_https_in'],
  },
  {
    name: 'https frontend with certificates, SNI routing',
    apps: [web({ HAPROXY_0_VHOST: 'web.example.com' })],
    options: { sslCerts: [certPath()] },
    contains: [`frontend marathon_https_in\n  bind *:443 ssl crt ${certPath()}\n  mode http\n`, '  use_backend web_10000 if { ssl_fc_sni web.example.com }\n'],
  },
  {
    name: 'no :80/:443 frontends with --dont-bind-http-https',
    apps: [web({ HAPROXY_0_VHOST: 'web.example.com' })],
    options: { bindHttpHttps: false, sslCerts: [certPath()] },
    contains: ['frontend web_10000\n'],
    excludes: ['marathon_http_in', 'marathon_https_in'],
  },
  {
    name: 'redirect to https, before every use_backend',
    apps: [
      app('/a', [10002], [task('a.1', '10.0.0.4', [31000])], { labels: { HAPROXY_0_VHOST: 'a.example.com' } }),
      web({ HAPROXY_0_VHOST: 'web.example.com', HAPROXY_0_REDIRECT_TO_HTTPS: 'true' }),
    ],
    contains: [
      '  redirect scheme https code 301 if !{ ssl_fc } host_web_example_com\n  use_backend a_10002 if host_a_example_com\n',
    ],
  },
  {
    name: 'sticky sessions: cookie line and a cookie per slot',
    apps: [web({ HAPROXY_0_MODE: 'http', HAPROXY_0_STICKY: 'true' })],
    contains: ['  cookie mesosphere_server_id insert indirect nocache\n', '  server web_10000_s0 10.0.0.1:31000 cookie web_10000_s0\n'],
  },
  {
    name: 'balance and HSTS',
    apps: [web({ HAPROXY_0_MODE: 'http', HAPROXY_0_BALANCE: 'leastconn', HAPROXY_0_USE_HSTS: 'true' })],
    contains: ['  balance leastconn\n', 'Strict-Transport-Security max-age=15768000'],
  },
  {
    name: 'bind address, bind options, per-port certificate and port override',
    apps: [
      web({
        HAPROXY_0_BIND_ADDR: '127.0.0.1',
        HAPROXY_0_PORT: '12000',
        HAPROXY_0_BIND_OPTIONS: 'maxconn 100',
        HAPROXY_0_SSL_CERT: certPath(),
      }),
    ],
    contains: [`frontend web_12000\n  bind 127.0.0.1:12000 ssl crt ${certPath()} maxconn 100\n`, 'backend web_12000\n'],
    excludes: ['web_10000'],
  },
  {
    name: 'TCP health check on another port of the task (BACKEND_HEALTHCHECK_PORT_INDEX)',
    apps: [
      app('/db', [10005, 10006], [task('db.1', '10.0.0.5', [31000, 31001], { healthCheckResults: [{ alive: true }] })], {
        labels: { HAPROXY_0_BACKEND_HEALTHCHECK_PORT_INDEX: '1' },
        healthChecks: [{ ...httpCheck, protocol: 'TCP', path: undefined }],
      }),
    ],
    contains: [
      'backend db_10005\n  balance roundrobin\n  mode tcp\n  timeout check 5s\n',
      '  server db_10005_s0 10.0.0.5:31000 check inter 10s fall 4 port 31001\n',
      '  server db_10005_s1 127.0.0.1:1 check inter 10s fall 4 port 1 disabled\n',
      '  server db_10006_s0 10.0.0.5:31001\n',
    ],
  },
  {
    name: 'group filter: other groups are not served',
    apps: [web(), app('/internal', [10010], [task('i.1', '10.0.0.6', [31000])], { labels: { HAPROXY_GROUP: 'internal' } })],
    contains: ['frontend web_10000\n'],
    excludes: ['internal_10010'],
  },
  {
    name: "group '*' serves every app, with or without a group; HAPROXY_{n}_GROUP wins per port",
    apps: [
      app('/nogroup', [10011], [task('n.1', '10.0.0.7', [31000])], { labels: { HAPROXY_GROUP: '' } }),
      app('/internal', [10010, 10012], [task('i.1', '10.0.0.6', [31000, 31001])], {
        labels: { HAPROXY_GROUP: 'internal', HAPROXY_1_GROUP: 'external' },
      }),
    ],
    options: { groups: ['*'] },
    contains: ['frontend nogroup_10011\n', 'frontend internal_10010\n', 'frontend internal_10012\n'],
  },
  {
    name: 'per-port group: only the port in the wanted group',
    apps: [
      app('/internal', [10010, 10012], [task('i.1', '10.0.0.6', [31000, 31001])], {
        labels: { HAPROXY_GROUP: 'internal', HAPROXY_1_GROUP: 'external' },
      }),
    ],
    contains: ['frontend internal_10012\n'],
    excludes: ['internal_10010'],
  },
  {
    name: 'strict mode needs HAPROXY_{n}_ENABLED=true',
    apps: [web(), app('/on', [10020], [task('on.1', '10.0.0.8', [31000])], { labels: { HAPROXY_0_ENABLED: 'true' } })],
    options: { strictMode: true },
    contains: ['frontend on_10020\n'],
    excludes: ['web_10000'],
  },
  {
    name: 'deployment group: blue and green merge into one backend named after the group',
    apps: [
      app('/shop-blue', [10030], [task('b.1', '10.0.1.1', [31000])], {
        labels: { HAPROXY_DEPLOYMENT_GROUP: 'shop', HAPROXY_DEPLOYMENT_STARTED_AT: '2024-01-01T00:00:00Z', HAPROXY_0_PORT: '10030' },
      }),
      app('/shop-green', [10031], [task('g.1', '10.0.1.2', [31000])], {
        labels: {
          HAPROXY_DEPLOYMENT_GROUP: 'shop',
          HAPROXY_DEPLOYMENT_STARTED_AT: '2024-02-01T00:00:00Z',
          HAPROXY_0_PORT: '10030',
          HAPROXY_0_BALANCE: 'leastconn',
        },
      }),
    ],
    contains: [
      'frontend shop_10030\n  bind *:10030\n',
      'backend shop_10030\n  balance leastconn\n',
      '  server shop_10030_s0 10.0.1.1:31000\n  server shop_10030_s1 10.0.1.2:31000\n',
    ],
    excludes: ['shop-blue', 'shop-green'],
  },
  {
    name: 'per-port template override replaces the template for that port only',
    apps: [
      web({ HAPROXY_0_BACKEND_HEAD: '\nbackend {{backend}}\n  balance first\n  mode {{mode}}\n  timeout server 5s\n' }),
      app('/other', [10040], [task('o.1', '10.0.0.9', [31000])]),
    ],
    contains: ['backend web_10000\n  balance first\n  mode tcp\n  timeout server 5s\n', 'backend other_10040\n  balance roundrobin\n'],
  },
  {
    name: 'an invalid per-port override is reported and that port renders with the defaults',
    apps: [
      web({ HAPROXY_0_FRONTEND_HEAD: '\nfrontend {{#if backend}}\n' }),
      app('/other', [10040], [task('o.1', '10.0.0.9', [31000])], { labels: { HAPROXY_0_BACKEND_HEAD: '{{nohelper backend}}' } }),
      app('/fine', [10041], [task('f.1', '10.0.0.10', [31000])], { labels: { HAPROXY_0_MODE: 'http' } }),
    ],
    contains: ['frontend web_10000\n  bind *:10000\n', 'backend other_10040\n  balance roundrobin\n', 'frontend fine_10041\n'],
    problems: [/\/other port 10040: .*nohelper/, /\/web port 10000: template override \(HAPROXY_FRONTEND_HEAD\) failed/],
  },
  {
    name: 'a vhost on a tcp-mode port is reported, not routed',
    apps: [web({ HAPROXY_0_VHOST: 'web.example.com', HAPROXY_0_MODE: 'tcp' })],
    contains: ['backend web_10000\n  balance roundrobin\n  mode tcp\n'],
    excludes: ['host_web_example_com'],
    problems: [/HAPROXY_0_VHOST ignored in tcp mode/],
  },
];

describe('renderConfig', () => {
  it.each(cases)('$name', ({ apps, options, contains, excludes, problems }) => {
    const lb = lbOptions(options);
    const { services } = servicesFromApps(apps, lb, new Map());
    const rendered = renderConfig(services, DEFAULT_TEMPLATES, lb);
    for (const fragment of contains) expect(rendered.text).toContain(fragment);
    for (const fragment of excludes ?? []) expect(rendered.text).not.toContain(fragment);
    expect(rendered.problems).toHaveLength(problems?.length ?? 0);
    problems?.forEach((p, i) => expect(rendered.problems[i]).toMatch(p));
    expect(haproxyCheck(rendered.text)).toBe('');
  });

  it('masks every slot value in the structure, and nothing else', () => {
    const lb = lbOptions();
    const { services } = servicesFromApps([web()], lb, new Map());
    const rendered = renderConfig(services, DEFAULT_TEMPLATES, lb);
    expect(rendered.structure).toContain('  server web_10000_s0 <addr>:<port> <state>\n');
    expect(rendered.structure).not.toMatch(/10\.0\.0\.|127\.0\.0\.1:1/);
    expect(rendered.structure).toBe(
      rendered.text.replace(/^( {2}server \S+) \S+:\d+( disabled)?$/gm, '$1 <addr>:<port> <state>'),
    );
    expect(rendered.backends.get('web_10000')).toEqual([
      { slot: 'web_10000_s0', address: '10.0.0.1', port: 31000, checkPort: undefined, taskId: 'web.2', enabled: true },
      { slot: 'web_10000_s1', address: '10.0.0.2', port: 31001, checkPort: undefined, taskId: 'web.1', enabled: true },
      { slot: 'web_10000_s2', enabled: false },
      { slot: 'web_10000_s3', enabled: false },
    ]);
  });

  it('renders no frontend or backend for an app without routable tasks', () => {
    const lb = lbOptions();
    const { services } = servicesFromApps([app('/empty', [10050], [])], lb, new Map());
    const rendered = renderConfig(services, DEFAULT_TEMPLATES, lb);
    expect(rendered.text).not.toContain('empty_10050');
    expect(haproxyCheck(rendered.text)).toBe('');
  });
});
