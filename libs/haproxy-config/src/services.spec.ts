import { servicesFromApps } from './services';
import { toMarathonApps } from './marathon';
import { DEFAULT_TEMPLATES, TemplateError, withOverrides } from './templates';
import { app, haproxyCheck, lbOptions, task } from './testing/haproxy-check';

const lb = lbOptions();
const check = { protocol: 'HTTP', path: '/', portIndex: 0, intervalSeconds: 5, timeoutSeconds: 2, maxConsecutiveFailures: 2 };
const addresses = (apps: Parameters<typeof servicesFromApps>[0], memory = new Map<string, boolean>()) =>
  servicesFromApps(apps, lb, memory).services.map((s) => s.servers.map((x) => `${x.address}:${x.port}`));

describe('servicesFromApps', () => {
  it("drops tasks in marathon-lb's excluded states and with no host, keeps LOST and UNREACHABLE", () => {
    const states = ['TASK_RUNNING', 'TASK_STAGING', 'TASK_KILLING', 'TASK_LOST', 'TASK_UNREACHABLE', 'TASK_FAILED'];
    const tasks = states.map((state, i) => task(`t.${i}`, `10.0.0.${i}`, [31000], { state }));
    expect(addresses([app('/a', [10000], [...tasks, task('t.9', '', [31000])])])).toEqual([
      ['10.0.0.0:31000', '10.0.0.3:31000', '10.0.0.4:31000'],
    ]);
  });

  it('routes only alive tasks of apps with health checks, remembering verdicts across a failover', () => {
    const withResults = app('/a', [10000], [
      task('up', '10.0.0.1', [31000], { healthCheckResults: [{ alive: false }, { alive: true }] }),
      task('down', '10.0.0.2', [31000], { healthCheckResults: [{ alive: false }] }),
      task('new', '10.0.0.3', [31000], { healthCheckResults: [] }),
    ], { healthChecks: [check] });
    const first = servicesFromApps([withResults], lb, new Map());
    expect(first.services[0].servers.map((s) => s.taskId)).toEqual(['up']);
    expect([...first.memory]).toEqual([['up', true], ['down', false], ['new', false]]);

    // After a Marathon failover the results are absent: the remembered verdict decides; unknown tasks are dropped.
    const failover = app('/a', [10000], ['up', 'down', 'stranger'].map((id, i) => task(id, `10.0.0.${i + 1}`, [31000])), {
      healthChecks: [check],
    });
    const second = servicesFromApps([failover], lb, first.memory);
    expect(second.services[0].servers.map((s) => s.taskId)).toEqual(['up']);
    expect([...second.memory]).toEqual([['up', true], ['down', false]]);
  });

  it('ignores health results without --health-check', () => {
    const a = app('/a', [10000], [task('down', '10.0.0.2', [31000], { healthCheckResults: [{ alive: false }] })], { healthChecks: [check] });
    expect(servicesFromApps([a], { ...lb, healthCheck: false }, new Map()).services[0].servers).toHaveLength(1);
  });

  it('uses the task IP and container ports for IP-per-task apps', () => {
    const a = app('/a', [10000], [task('t', 'agent-1', [], { ipAddresses: [{ ipAddress: '172.16.0.5' }] })], {
      ipPerTask: true,
      containerPorts: [8080],
    });
    expect(addresses([a])).toEqual([['172.16.0.5:8080']]);
  });

  it("expects the target instances of an app, summed over a deployment group's apps", () => {
    const group = { HAPROXY_DEPLOYMENT_GROUP: 'shop' };
    const blue = app('/shop-blue', [10000], [task('b.1', '10.0.0.1', [31000])], { instances: 2, labels: group });
    const green = app('/shop-green', [10000], [], { instances: 3, labels: { ...group, HAPROXY_DEPLOYMENT_STARTED_AT: '2026-01-01T00:00:00Z' } });
    const services = servicesFromApps([blue, green, app('/solo', [10001], [], { instances: 4 })], lb, new Map()).services;
    expect(services.map((s) => [s.appId, s.expectedServers, s.servers.length])).toEqual([['/solo', 4, 0], ['shop', 5, 1]]);
  });

  it('sorts services by (app id, service port) and servers by (host, port)', () => {
    const b = app('/b', [10002, 10001], [task('b1', '10.0.0.9', [2, 1]), task('b2', '10.0.0.10', [4, 3])]);
    const services = servicesFromApps([b, app('/a', [10003], [task('a1', '10.0.0.1', [1])])], lb, new Map()).services;
    expect(services.map((s) => s.name)).toEqual(['a_10003', 'b_10001', 'b_10002']);
    expect(services[1].servers.map((s) => `${s.address}:${s.port}`)).toEqual(['10.0.0.10:3', '10.0.0.9:1']);
  });
});

describe('toMarathonApps', () => {
  it('reads the fields marathon-lb uses, with defaults, and skips entries without an id', () => {
    const apps = toMarathonApps({
      apps: [
        null,
        { labels: {} },
        {
          id: '/web',
          labels: { HAPROXY_GROUP: 'external', HAPROXY_0_PORT: 12000, bad: { x: 1 } },
          instances: 2,
          portDefinitions: [{ port: 10000 }],
          healthChecks: [{ protocol: 'MESOS_HTTP', path: '/h' }],
          tasks: [
            { id: 't1', host: '10.0.0.1', ports: [31000], state: 'TASK_RUNNING', healthCheckResults: [{ alive: true }] },
            { id: 't2', host: '10.0.0.2', ports: [31001], state: 'TASK_RUNNING' },
            'junk',
          ],
        },
        {
          id: '/ip',
          container: { portMappings: [{ containerPort: 80, servicePort: 10001 }] },
          networks: [{ mode: 'container', name: 'dcos' }],
        },
      ],
    });
    expect(apps.map((a) => a.id)).toEqual(['/web', '/ip']);
    const [web, ip] = apps;
    expect(web.labels).toEqual({ HAPROXY_GROUP: 'external', HAPROXY_0_PORT: '12000' });
    expect(web.servicePorts).toEqual([10000]);
    expect(web.healthChecks[0]).toEqual({
      protocol: 'MESOS_HTTP', path: '/h', portIndex: undefined, port: undefined, intervalSeconds: 60, timeoutSeconds: 20, maxConsecutiveFailures: 3,
    });
    expect(web.tasks.map((t) => [t.id, t.appId, t.healthCheckResults])).toEqual([
      ['t1', '/web', [{ alive: true }]],
      ['t2', '/web', undefined],
    ]);
    expect(ip).toMatchObject({ servicePorts: [10001], containerPorts: [80], ipPerTask: true, tasks: [] });
  });

  it('returns nothing for a body that is not an app list', () => {
    expect(toMarathonApps('nope')).toEqual([]);
    expect(toMarathonApps({ message: 'error' })).toEqual([]);
  });
});

describe('withOverrides', () => {
  it('replaces templates by name', () => {
    const templates = withOverrides(DEFAULT_TEMPLATES, { HAPROXY_BACKEND_HEAD: '\nbackend {{backend}}\n' });
    expect(templates['HAPROXY_BACKEND_HEAD']).toBe('\nbackend {{backend}}\n');
    expect(templates['HAPROXY_HEAD']).toBe(DEFAULT_TEMPLATES['HAPROXY_HEAD']);
  });

  it.each([
    ['HAPROXY_NOT_A_TEMPLATE', 'x', /HAPROXY_NOT_A_TEMPLATE: unknown template name/],
    ['HAPROXY_HEAD', 'global {{#each}}', /HAPROXY_HEAD: /],
    ['HAPROXY_FRONTEND_HEAD', '{{missingHelper backend}}', /HAPROXY_FRONTEND_HEAD: Missing helper/],
  ])('throws a TemplateError naming %s', (name, text, message) => {
    const attempt = () => withOverrides(DEFAULT_TEMPLATES, { [name]: text });
    expect(attempt).toThrow(TemplateError);
    expect(attempt).toThrow(message);
  });
});

describe('haproxyCheck (the test helper)', () => {
  it('reports a config that HAProxy 2.6 rejects', () => {
    expect(haproxyCheck('global\n  maxconn 10\nbackend b\n  rspadd X-Foo:\\ bar\n')).toMatch(/haproxy -c exited 1[\s\S]*ALERT/);
  });
});
