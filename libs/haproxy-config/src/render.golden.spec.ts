/**
 * Golden output: a fixed, varied set of apps rendered to the byte, so the renderer can be optimised without
 * changing what HAProxy gets. The expected files are under `src/__fixtures__/`; after a deliberate change of
 * the output, regenerate them with `UPDATE_GOLDEN=1 npx jest -c libs/haproxy-config/jest.config.js golden`
 * and review the diff. The scratch folder of the test options (socket, state file, certificate) is written
 * as `<scratch>`.
 */
import type { MarathonApp, MarathonHealthCheck, MarathonTask } from './marathon';
import { planApply } from './plan';
import { renderConfig, Rendered } from './render';
import { servicesFromApps } from './services';
import { DEFAULT_TEMPLATES, Templates, withOverrides } from './templates';
import type { LbOptions } from './types';
import { goldenText, maskScratch } from './testing/golden';
import { app, certPath, haproxyCheck, httpCheck, lbOptions, task } from './testing/haproxy-check';

const alive = { healthCheckResults: [{ alive: true }] };
const dead = { healthCheckResults: [{ alive: false }] };
const tcpCheck: MarathonHealthCheck = { ...httpCheck, protocol: 'TCP', path: undefined, intervalSeconds: 3, maxConsecutiveFailures: 1 };

const tasks = (prefix: string, n: number, ports: (i: number) => number[], extra: Partial<MarathonTask> = {}, from = 1): MarathonTask[] =>
  Array.from({ length: n }, (_, i) => task(`${prefix}.${from + i}`, `10.1.${from + i}.${(from + i) % 7}`, ports(from + i), extra));

/** Every mode, label and override the renderer knows, on a few apps each. `scale` varies the task counts. */
function apps(scale: 'before' | 'after'): MarathonApp[] {
  const web = scale === 'before' ? 3 : 2;
  const checked = scale === 'before' ? 6 : 7;
  return [
    app('/web', [10000], tasks('web', web, (i) => [31000 + i])),
    app('/prod/shop/frontend', [10001, 10002], tasks('shop', 2, (i) => [31100 + i, 31200 + i]), {
      labels: {
        HAPROXY_0_VHOST: 'Shop.Example.com, www.shop.example.com',
        HAPROXY_0_STICKY: 'true',
        HAPROXY_0_USE_HSTS: 'true',
        HAPROXY_0_BALANCE: 'leastconn',
        HAPROXY_0_REDIRECT_TO_HTTPS: 'true',
        HAPROXY_1_MODE: 'http',
      },
    }),
    app('/prod/shop/api', [10003], tasks('api', 1, (i) => [31300 + i]), {
      labels: { HAPROXY_0_VHOST: 'shop.example.com', HAPROXY_0_PATH: '-i /api /v2', HAPROXY_0_REDIRECT_TO_HTTPS: 'true' },
    }),
    app('/heavy', [10004], tasks('heavy', 2, (i) => [31400 + i]), {
      labels: { HAPROXY_0_VHOST: 'heavy.example.com', HAPROXY_0_BACKEND_WEIGHT: '5' },
    }),
    app(
      '/checked',
      [10005],
      [
        ...tasks('checked', checked, (i) => [31500 + i], alive),
        task('checked.dead', '10.1.9.9', [31599], dead),
        task('checked.staging', '10.1.9.8', [31598], { state: 'TASK_STAGING' }),
      ],
      // Marathon's target: the dead task's replacement is the staging one.
      { healthChecks: [httpCheck], instances: checked + 1 },
    ),
    app('/db', [10006, 10007], tasks('db', 2, (i) => [31600 + i, 31700 + i], alive), {
      labels: { HAPROXY_0_BACKEND_HEALTHCHECK_PORT_INDEX: '1' },
      healthChecks: [tcpCheck],
    }),
    app('/fixedcheck', [10008], tasks('fixed', 1, (i) => [31800 + i], alive), {
      healthChecks: [{ ...httpCheck, port: 8081, path: '/ready' }],
    }),
    app('/bound', [10009], tasks('bound', 1, (i) => [31900 + i]), {
      labels: {
        HAPROXY_0_BIND_ADDR: '127.0.0.1',
        HAPROXY_0_PORT: '12009',
        HAPROXY_0_BIND_OPTIONS: 'maxconn 100',
        HAPROXY_0_SSL_CERT: certPath(),
        HAPROXY_0_MODE: 'HTTP',
      },
    }),
    app('/shop-blue', [10010], tasks('blue', 2, (i) => [32000 + i]), {
      labels: { HAPROXY_DEPLOYMENT_GROUP: 'shop', HAPROXY_DEPLOYMENT_STARTED_AT: '2024-01-01T00:00:00Z', HAPROXY_0_PORT: '10010' },
    }),
    app('/shop-green', [10011], tasks('green', 1, (i) => [32100 + i], {}, 5), {
      labels: {
        HAPROXY_DEPLOYMENT_GROUP: 'shop',
        HAPROXY_DEPLOYMENT_STARTED_AT: '2024-02-01T00:00:00Z',
        HAPROXY_0_PORT: '10010',
        HAPROXY_0_BALANCE: 'source',
      },
    }),
    app('/ipper', [10012], [task('ipper.1', 'agent-host', [], { ipAddresses: [{ ipAddress: '10.2.0.1' }] })], {
      ipPerTask: true,
      containerPorts: [8080],
    }),
    // Per-port overrides: plain substitutions, block helpers, one that fails (reported, defaults used).
    app('/custom', [10013, 10014, 10015], tasks('custom', 2, (i) => [32200 + i, 32300 + i, 32400 + i], alive), {
      healthChecks: [{ ...httpCheck, portIndex: 1 }],
      labels: {
        HAPROXY_0_BACKEND_HEAD: '\nbackend {{backend}}\n  balance first\n  mode {{ mode }}\n  timeout server 5s\n',
        HAPROXY_0_BACKEND_SERVER_OPTIONS: '  server {{serverName}} {{host}}:{{port}} weight 50{{otherOptions}}\n',
        HAPROXY_0_FRONTEND_BACKEND_GLUE: '  # {{appId}} {{cleanedUpAppId}} port {{servicePort}}\r\n  use_backend {{backend}}\n',
        HAPROXY_1_BACKEND_SERVER_OPTIONS:
          '  server {{serverName}} {{host}}:{{port}}{{#if otherOptions}}{{otherOptions}}{{/if}}{{healthCheckOptions}}\n',
        HAPROXY_1_BACKEND_SERVER_HTTP_HEALTHCHECK_OPTIONS: ' check inter {{healthCheckIntervalSeconds}}s rise 2 fall {{healthCheckFalls}}',
        HAPROXY_1_BACKEND_HTTP_HEALTHCHECK_OPTIONS: '  option httpchk GET {{healthCheckPath}} HTTP/1.1\r\n  http-check send hdr Host {{backend}}\n',
        HAPROXY_2_FRONTEND_HEAD: '\nfrontend {{#if backend}}\n',
      },
    }),
    app('/tcpvhost', [10016], tasks('tcpvhost', 1, (i) => [32500 + i]), {
      labels: { HAPROXY_0_VHOST: 'tcp.example.com', HAPROXY_0_MODE: 'tcp' },
    }),
    app('/internal', [10017], tasks('internal', 1, (i) => [32600 + i]), { labels: { HAPROXY_GROUP: 'internal' } }),
    app('/empty', [10018], []),
  ];
}

/** Global overrides as an operator's template directory would give them: one plain, two with block helpers. */
const overridden: Templates = withOverrides(DEFAULT_TEMPLATES, {
  HAPROXY_BACKEND_SERVER_OPTIONS:
    '  server {{serverName}} {{host}}:{{port}}{{cookieOptions}}{{healthCheckOptions}}{{otherOptions}} maxconn 64\n',
  HAPROXY_BACKEND_HEAD: '\nbackend {{backend}}\n  balance {{balance}}\n  mode {{mode}}\n{{#if path}}  # path {{path}}\n{{/if}}',
  HAPROXY_BACKEND_SERVER_TCP_HEALTHCHECK_OPTIONS: ' check{{#if healthCheckPortOptions}}{{healthCheckPortOptions}}{{/if}} inter {{healthCheckIntervalSeconds}}s',
  HAPROXY_HTTP_FRONTEND_HEAD: '\nfrontend marathon_http_in\n  bind *:{{httpPort}}\n  mode http\n  option http-buffer-request\n',
});

interface Golden {
  name: string;
  rendered: Rendered;
}

function renders(): Golden[] {
  const lb = lbOptions({ sslCerts: [certPath()] });
  const render = (list: MarathonApp[], templates: Templates, options: LbOptions, previous?: Rendered) =>
    renderConfig(servicesFromApps(list, options, new Map()).services, templates, options, previous);
  const before = render(apps('before'), DEFAULT_TEMPLATES, lb);
  const after = render(apps('after'), DEFAULT_TEMPLATES, lb, before);
  const custom = render(apps('before'), overridden, lbOptions({ groups: ['*'] }));
  const plain = render(apps('after'), DEFAULT_TEMPLATES, lbOptions({ bindHttpHttps: false, strictMode: false }));
  return [
    { name: 'defaults', rendered: before },
    { name: 'defaults-scaled', rendered: after },
    { name: 'overrides', rendered: custom },
    { name: 'no-vhost-frontends', rendered: plain },
  ];
}

/** Everything but the two texts, as stable JSON. */
function summary(rendered: Rendered): string {
  return JSON.stringify({ problems: rendered.problems, backends: Object.fromEntries(rendered.backends) }, null, 1) + '\n';
}

function expectFixture(file: string, actual: string): void {
  expect(actual).toBe(goldenText(file, actual));
}

describe('renderConfig golden output', () => {
  const masked = maskScratch;
  const all = renders();

  it.each(all.map((g) => [g.name, g] as const))('%s: text, structure, slots and problems are unchanged', (name, { rendered }) => {
    expectFixture(`${name}.cfg`, masked(rendered.text));
    expectFixture(`${name}.structure.cfg`, masked(rendered.structure));
    expectFixture(`${name}.json`, masked(summary(rendered)));
    expect(haproxyCheck(rendered.text)).toBe('');
  });

  it('plans runtime commands between the scaled renders', () => {
    const [before, after] = all;
    expectFixture('defaults-plan.json', JSON.stringify(planApply(before.rendered, after.rendered), null, 1) + '\n');
  });
});
