import { DEFAULT_TEMPLATES } from './templates';
import { renderConfig, Rendered } from './render';
import { planApply } from './plan';
import { servicesFromApps } from './services';
import type { MarathonApp, MarathonTask } from './marathon';
import { app, haproxyCheck, lbOptions, task } from './testing/haproxy-check';

const lb = lbOptions();

function render(apps: MarathonApp[], previous?: Rendered): Rendered {
  const rendered = renderConfig(servicesFromApps(apps, lb, new Map()).services, DEFAULT_TEMPLATES, lb, previous);
  expect(haproxyCheck(rendered.text)).toBe('');
  return rendered;
}

const tasks = (n: number, from = 1): MarathonTask[] =>
  Array.from({ length: n }, (_, i) => task(`web.${from + i}`, `10.0.0.${from + i}`, [31000]));
const web = (t: MarathonTask[], labels: Record<string, string> = {}) => app('/web', [10000], t, { labels });

describe('planApply', () => {
  it('reloads when nothing runs yet', () => {
    expect(planApply(undefined, render([web(tasks(1))]))).toEqual({ kind: 'reload', reason: 'no running config' });
  });

  it('does nothing when the text is the same', () => {
    const first = render([web(tasks(3))]);
    expect(planApply(first, render([web(tasks(3))], first))).toEqual({ kind: 'none' });
  });

  it('scales 3 → 1 with runtime commands: emptied slots go to maint and back to the dummy address', () => {
    const three = render([web(tasks(3))]);
    const one = render([web(tasks(1))], three);
    expect(planApply(three, one)).toEqual({
      kind: 'runtime',
      commands: [
        'set server web_10000/web_10000_s1 state maint',
        'set server web_10000/web_10000_s1 addr 127.0.0.1 port 1',
        'set server web_10000/web_10000_s2 state maint',
        'set server web_10000/web_10000_s2 addr 127.0.0.1 port 1',
      ],
    });
  });

  it('scales 1 → 3 with runtime commands: address first, then ready', () => {
    const one = render([web(tasks(1))]);
    const three = render([web(tasks(3))], one);
    expect(planApply(one, three)).toEqual({
      kind: 'runtime',
      commands: [
        'set server web_10000/web_10000_s1 addr 10.0.0.2 port 31000',
        'set server web_10000/web_10000_s1 state ready',
        'set server web_10000/web_10000_s2 addr 10.0.0.3 port 31000',
        'set server web_10000/web_10000_s2 state ready',
      ],
    });
  });

  it('replaces a killed task in place: the survivors keep their slots, the new task takes the freed one', () => {
    const before = render([web(tasks(3))]);
    // web.2 (10.0.0.2) is replaced by web.9 on 10.0.0.9; sorted order alone would shift nothing here, so
    // also replace web.1 by a task on 10.0.0.0, which sorts first and would take slot 0 without stability.
    const after = render([web([task('web.0', '10.0.0.0', [31000]), tasks(1, 3)[0], task('web.9', '10.0.0.9', [31000])])], before);
    expect(after.backends.get('web_10000')!.map((s) => s.address)).toEqual(['10.0.0.0', '10.0.0.9', '10.0.0.3', undefined]);
    expect(planApply(before, after)).toEqual({
      kind: 'runtime',
      commands: [
        'set server web_10000/web_10000_s0 addr 10.0.0.0 port 31000',
        'set server web_10000/web_10000_s1 addr 10.0.0.9 port 31000',
      ],
    });
  });

  it('keeps slots stable over a series of renders', () => {
    let rendered = render([web(tasks(4))]);
    const slotOf = (r: Rendered, address: string) => r.backends.get('web_10000')!.find((s) => s.address === address)?.slot;
    const original = slotOf(rendered, '10.0.0.4');
    for (const n of [3, 4, 2, 4]) {
      const list = n === 4 ? tasks(4) : [...tasks(n - 1), tasks(1, 4)[0]];
      rendered = render([web(list)], rendered);
      expect(slotOf(rendered, '10.0.0.4')).toBe(original);
    }
  });

  it('reloads when an app is added', () => {
    const before = render([web(tasks(1))]);
    const after = render([web(tasks(1)), app('/api', [10001], [task('api.1', '10.0.1.1', [32000])])], before);
    expect(planApply(before, after)).toEqual({ kind: 'reload', reason: 'frontend api_10001 added' });
  });

  it('reloads when a label changes', () => {
    const before = render([web(tasks(2))]);
    const after = render([web(tasks(2), { HAPROXY_0_BALANCE: 'leastconn' })], before);
    expect(planApply(before, after)).toEqual({ kind: 'reload', reason: 'backend web_10000 changed' });
  });

  it('reloads when the slots are exhausted, and grows to the next power of two', () => {
    const before = render([web(tasks(4))]);
    const after = render([web(tasks(5))], before);
    expect(after.backends.get('web_10000')).toHaveLength(8);
    expect(planApply(before, after)).toEqual({ kind: 'reload', reason: 'backend web_10000: 8 server slots (was 4)' });
  });

  it('serves an app that should run tasks before they run, so they arrive as runtime commands', () => {
    const created = render([web(tasks(1)), app('/api', [10001], [], { instances: 3 })]);
    expect(created.backends.get('api_10001')?.every((s) => !s.enabled)).toBe(true);
    expect(created.backends.get('api_10001')).toHaveLength(4);
    const running = render([web(tasks(1)), app('/api', [10001], [1, 2, 3].map((i) => task(`api.${i}`, `10.0.1.${i}`, [32000])))], created);
    expect(planApply(created, running).kind).toBe('runtime');
    // An app scaled to 0 (suspended) with no task left is not served.
    expect(render([web(tasks(1)), app('/api', [10001], [], { instances: 0 })]).backends.has('api_10001')).toBe(false);
  });

  it('allocates slots for the target instances when an app is scaled up, before the new tasks run', () => {
    const two = render([web(tasks(2))]);
    const scaled = render([app('/web', [10000], tasks(2), { instances: 12 })], two);
    expect(scaled.backends.get('web_10000')).toHaveLength(16);
    expect(planApply(two, scaled)).toEqual({ kind: 'reload', reason: 'backend web_10000: 16 server slots (was 4)' });
    const twelve = render([app('/web', [10000], tasks(12), { instances: 12 })], scaled);
    expect(planApply(scaled, twelve).kind).toBe('runtime');
  });

  it('keeps a grown capacity when scaling back down, so scaling stays a runtime change', () => {
    const eight = render([web(tasks(5))]);
    const four = render([web(tasks(2))], eight);
    expect(four.backends.get('web_10000')).toHaveLength(8);
    expect(planApply(eight, four).kind).toBe('runtime');
  });

  it('sets the check port of a slot filled for a service that checks another port', () => {
    const checked = (t: MarathonTask[]) =>
      app('/db', [10005], t, {
        labels: { HAPROXY_0_BACKEND_HEALTHCHECK_PORT_INDEX: '1' },
        healthChecks: [{ protocol: 'TCP', portIndex: 0, intervalSeconds: 5, timeoutSeconds: 2, maxConsecutiveFailures: 2 }],
      });
    const alive = { healthCheckResults: [{ alive: true }] };
    const one = render([checked([task('db.1', '10.0.0.1', [31000, 31001], alive)])]);
    const two = render([checked([task('db.1', '10.0.0.1', [31000, 31001], alive), task('db.2', '10.0.0.2', [31002, 31003], alive)])], one);
    expect(planApply(one, two)).toEqual({
      kind: 'runtime',
      commands: [
        'set server db_10005/db_10005_s1 addr 10.0.0.2 port 31002',
        'set server db_10005/db_10005_s1 check-port 31003',
        'set server db_10005/db_10005_s1 state ready',
      ],
    });
  });

  it('compares renders by their pieces, and plain copies by their structure text, to the same plan', () => {
    const one = render([web(tasks(1))]);
    const pairs: [Rendered, Rendered][] = [
      [one, render([web(tasks(3))], one)],
      [one, render([web(tasks(1), { HAPROXY_0_BALANCE: 'leastconn' })], one)],
      [one, render([web(tasks(1)), app('/api', [10001], [], { instances: 2 })], one)],
      [one, render([web(tasks(1))], one)],
    ];
    for (const [a, b] of pairs) expect(planApply({ ...a }, { ...b })).toEqual(planApply(a, b));
    expect(pairs.map(([a, b]) => planApply(a, b).kind)).toEqual(['runtime', 'reload', 'reload', 'none']);
  });
});
