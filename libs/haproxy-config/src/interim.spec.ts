import { DEFAULT_TEMPLATES } from './templates';
import { renderConfig, Rendered } from './render';
import { interimConfig } from './interim';
import { planApply } from './plan';
import { servicesFromApps } from './services';
import type { MarathonApp, MarathonTask } from './marathon';
import { app, haproxyCheck, lbOptions, task } from './testing/haproxy-check';

const lb = lbOptions();

function render(apps: MarathonApp[], previous?: Rendered): Rendered {
  return renderConfig(servicesFromApps(apps, lb, new Map()).services, DEFAULT_TEMPLATES, lb, previous);
}

const tasks = (prefix: string, n: number, from = 1): MarathonTask[] =>
  Array.from({ length: n }, (_, i) => task(`${prefix}.${from + i}`, `10.0.${prefix === 'web' ? 0 : 1}.${from + i}`, [31000]));
const web = (n: number, labels: Record<string, string> = {}) => app('/web', [10000], tasks('web', n), { labels });
const api = (n: number) => app('/api', [10001], tasks('api', n));
const other = app('/other', [10002], [task('other.1', '10.0.2.1', [32000])]);

describe('interimConfig', () => {
  it('applies the membership changes of a reload-bound config to the running structure', () => {
    const running = render([web(1), api(3)]);
    const next = render([web(2), api(1), other], running);
    expect(planApply(running, next)).toEqual({ kind: 'reload', reason: 'frontend other_10002 added' });

    const interim = interimConfig(running, next)!;
    expect(interim.commands).toEqual([
      'set server api_10001/api_10001_s1 state maint',
      'set server api_10001/api_10001_s1 addr 127.0.0.1 port 1',
      'set server api_10001/api_10001_s2 state maint',
      'set server api_10001/api_10001_s2 addr 127.0.0.1 port 1',
      'set server web_10000/web_10000_s1 addr 10.0.0.2 port 31000',
      'set server web_10000/web_10000_s1 state ready',
    ]);
    expect(haproxyCheck(interim.rendered.text)).toBe('');
    expect(interim.rendered.structure).toBe(running.structure);
    expect(interim.rendered.text).not.toContain('other_10002');
    // The interim is exactly what the runtime commands make of the running config...
    expect(planApply(running, interim.rendered)).toEqual({ kind: 'runtime', commands: interim.commands });
    // ...the reload still brings the rest, and renders from the interim on land where they would have.
    expect(planApply(interim.rendered, next)).toEqual({ kind: 'reload', reason: 'frontend other_10002 added' });
    expect(render([web(2), api(1), other], interim.rendered).text).toBe(next.text);
    expect(render([web(2), api(1)], interim.rendered).text).toBe(interim.rendered.text);
  });

  it('leaves out a backend whose options change: its tasks wait for the reload', () => {
    const running = render([web(1), api(1)]);
    const balanced = app('/api', [10001], tasks('api', 2), { labels: { HAPROXY_0_BALANCE: 'leastconn' } });
    const next = render([web(1), balanced], running);
    expect(planApply(running, next).kind).toBe('reload');
    expect(interimConfig(running, next)).toBeUndefined();

    const mixed = render([web(2), balanced], running);
    const interim = interimConfig(running, mixed)!;
    expect(interim.commands.every((c) => c.includes('web_10000'))).toBe(true);
    expect(interim.rendered.backends.get('api_10001')).toBe(running.backends.get('api_10001'));
    expect(planApply(interim.rendered, mixed)).toEqual({ kind: 'reload', reason: 'backend api_10001 changed' });
  });

  it('fills the running slots of a growing backend; the tasks beyond them wait for the reload', () => {
    const running = render([web(2)]);
    const next = render([web(7)], running);
    expect(planApply(running, next)).toEqual({ kind: 'reload', reason: 'backend web_10000: 8 server slots (was 4)' });

    const interim = interimConfig(running, next)!;
    expect(interim.commands).toEqual([
      'set server web_10000/web_10000_s2 addr 10.0.0.3 port 31000',
      'set server web_10000/web_10000_s2 state ready',
      'set server web_10000/web_10000_s3 addr 10.0.0.4 port 31000',
      'set server web_10000/web_10000_s3 state ready',
    ]);
    expect(haproxyCheck(interim.rendered.text)).toBe('');
    expect(interim.rendered.structure).toBe(running.structure);
    expect(planApply(running, interim.rendered)).toEqual({ kind: 'runtime', commands: interim.commands });
    expect(render([web(4)], running).text).toBe(interim.rendered.text);
    // Renders from the interim: the same servers reuse it; all seven land where `next` put them.
    expect(render([web(4)], interim.rendered).text).toBe(interim.rendered.text);
    expect(render([web(7)], interim.rendered).text).toBe(next.text);
    expect(planApply(interim.rendered, next)).toEqual({ kind: 'reload', reason: 'backend web_10000: 8 server slots (was 4)' });
  });

  it('has nothing to offer without a running config or a membership change', () => {
    const running = render([web(1)]);
    expect(interimConfig(undefined, running)).toBeUndefined();
    expect(interimConfig(running, render([web(1), other], running))).toBeUndefined();
    const foreign: Rendered = { ...running };
    expect(interimConfig(foreign, render([web(2)], running))).toBeUndefined();
  });
});
