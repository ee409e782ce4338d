/**
 * `renderConfig` reuses a service's rendered parts from `previous` when nothing they come from changed. A
 * render with `previous` must equal one with a copy of it (same slots, nothing to reuse), whatever changed.
 */
import type { MarathonApp, MarathonTask } from './marathon';
import { renderConfig, Rendered } from './render';
import { servicesFromApps } from './services';
import { DEFAULT_TEMPLATES, Templates, withOverrides } from './templates';
import type { Service } from './types';
import { app, lbOptions, task } from './testing/haproxy-check';

const lb = lbOptions();
const alive = { healthCheckResults: [{ alive: true }] };
const tasks = (prefix: string, n: number, extra: Partial<MarathonTask> = {}) =>
  Array.from({ length: n }, (_, i) => task(`${prefix}.${i}`, `10.0.0.${i + 1}`, [31000 + i, 32000 + i], extra));

function apps(labels: Record<string, string> = {}, webTasks = tasks('web', 3)): MarathonApp[] {
  return [
    app('/web', [10000], webTasks, { labels }),
    app('/api', [10001, 10002], tasks('api', 2, alive), {
      labels: { HAPROXY_0_VHOST: 'api.example.com', HAPROXY_1_BACKEND_HEALTHCHECK_PORT_INDEX: '0' },
      healthChecks: [{ protocol: 'TCP', portIndex: 1, intervalSeconds: 5, timeoutSeconds: 2, maxConsecutiveFailures: 2 }],
    }),
    app('/tcp', [10003], tasks('tcp', 1), { labels: { HAPROXY_0_VHOST: 'tcp.example.com', HAPROXY_0_MODE: 'tcp' } }),
  ];
}

const services = (list: MarathonApp[]) => servicesFromApps(list, lb, new Map()).services;

/** Renders with `previous` and checks the result against a render that cannot reuse anything. */
function step(list: Service[], previous: Rendered | undefined, templates: Templates = DEFAULT_TEMPLATES): Rendered {
  const rendered = renderConfig(list, templates, lb, previous);
  const fresh = renderConfig(list, templates, lb, previous && { ...previous });
  expect(rendered.text).toBe(fresh.text);
  expect(rendered.structure).toBe(fresh.structure);
  expect(rendered.problems).toEqual(fresh.problems);
  expect([...rendered.backends]).toEqual([...fresh.backends]);
  return rendered;
}

describe('renderConfig with previous', () => {
  it('matches a render from scratch through label, template, server and in-place changes', () => {
    let r = step(services(apps()), undefined);
    expect(r.problems).toEqual(['/tcp port 10003: HAPROXY_0_VHOST ignored in tcp mode']);
    const same = step(services(apps()), r);
    expect(same.problems).toEqual(r.problems);
    expect(same.text).toBe(r.text);
    r = same;

    r = step(services(apps({ HAPROXY_0_BALANCE: 'leastconn' })), r);
    expect(r.text).toContain('  balance leastconn\n');
    r = step(services(apps({ HAPROXY_0_BACKEND_HEAD: '\nbackend {{backend}}\n  balance first\n  mode {{mode}}\n' })), r);
    expect(r.text).toContain('  balance first\n');
    r = step(services(apps({ HAPROXY_0_BACKEND_HEAD: '\nbackend {{backend}}\n  balance source\n  mode {{mode}}\n' })), r);
    expect(r.text).toContain('  balance source\n');
    r = step(services(apps({ HAPROXY_0_BACKEND_HEAD: '{{nohelper backend}}' })), r);
    expect(r.problems).toHaveLength(2);
    r = step(services(apps({ HAPROXY_0_BACKEND_SERVER_OPTIONS: '  server {{serverName}} {{host}}:{{port}}{{otherOptions}} weight 3\n' })), r);
    expect(r.text).toContain(' weight 3\n');

    // Other global templates, same previous.
    const weighted = withOverrides(DEFAULT_TEMPLATES, { HAPROXY_BACKEND_SERVER_OPTIONS: '  server {{serverName}} {{host}}:{{port}}{{otherOptions}} weight 9\n' });
    r = step(services(apps()), r, weighted);
    expect(r.text).toContain(' weight 9\n');
    r = step(services(apps()), r, { ...weighted });
    // The same templates object, changed in place.
    const mutable: Record<string, string> = { ...weighted };
    r = step(services(apps()), r, mutable);
    mutable['HAPROXY_BACKEND_SERVER_OPTIONS'] = mutable['HAPROXY_BACKEND_SERVER_OPTIONS'].replace('weight 9', 'weight 8');
    r = step(services(apps()), r, mutable);
    expect(r.text).toContain(' weight 8\n');
    r = step(services(apps()), r);
    expect(r.text).not.toContain(' weight 9\n');

    // Servers: scale up and down, a task replaced on the same address and port, then on another one.
    r = step(services(apps({}, tasks('web', 6))), r);
    r = step(services(apps({}, tasks('web', 2))), r);
    r = step(services(apps({}, [task('web.new', '10.0.0.1', [31000]), task('web.1', '10.0.0.2', [31001])])), r);
    r = step(services(apps({}, [task('web.new', '10.0.0.9', [31000]), task('web.1', '10.0.0.2', [31001])])), r);

    // A service changed in place after it was rendered.
    const list = services(apps());
    r = step(list, r);
    list[0].balance = 'static-rr';
    list[0].vhosts.push('late.example.com');
    r = step(list, r);
    expect(r.text).toContain('  balance static-rr\n');
  });

  it('assigns duplicate servers (a hand-made service) as it would from scratch', () => {
    const [web] = services(apps());
    const dup: Service = { ...web, servers: [web.servers[0], { ...web.servers[0], taskId: 'twin' }, web.servers[1]] };
    let r = step([dup], undefined);
    for (let i = 0; i < 3; i++) r = step([dup], r);
    r = step([{ ...dup, servers: [...dup.servers].reverse() }], r);
    step([dup], r);
  });
});
