import { FakeClock } from '@strato/clock';
import { DEFAULT_TEMPLATES } from '@strato/haproxy-config';
import { createLogger } from '@strato/service';
import { parseLbFlags } from './flags';
import { Lb } from './lb';
import type { MarathonClient } from './marathon/marathon-client';
import { FakeHaproxy } from './testing/fake-haproxy';

/** Marathon's `/v2/apps?embed=apps.tasks` for apps in group `external`, one service port each, tasks on 10.0.0.x. */
function appsJson(apps: Record<string, { port: number; tasks: number }>): unknown {
  return {
    apps: Object.entries(apps).map(([id, a]) => ({
      id, instances: a.tasks, labels: { HAPROXY_GROUP: 'external' }, portDefinitions: [{ port: a.port }],
      tasks: Array.from({ length: a.tasks }, (_, i) => ({ id: `${id.slice(1)}.${i}`, host: `10.0.0.${i + 1}`, ports: [31000 + a.port], state: 'TASK_RUNNING' })),
    })),
  };
}

const settle = async (until: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !until(); i++) await new Promise((r) => setImmediate(r));
};

describe('Lb', () => {
  it('routes new tasks at once while a reload waits out --min-reload-interval, and reloads when it is allowed', async () => {
    const clock = new FakeClock(50_000);
    const haproxy = new FakeHaproxy();
    let json = appsJson({ '/web': { port: 10000, tasks: 1 } });
    const marathon = { apps: async () => json } as unknown as MarathonClient;
    const config = parseLbFlags(['node', 'strato-lb', '--group', 'external', '--work-dir', '/nonexistent/lb']);
    const lb = new Lb(config, { clock, haproxy, marathon, templates: DEFAULT_TEMPLATES, logger: createLogger('lb', 'silent') });

    await expect(lb.resync('startup')).resolves.toMatchObject({ apply: { kind: 'started' } });
    json = appsJson({ '/web': { port: 10000, tasks: 1 }, '/db': { port: 10002, tasks: 1 } });
    await expect(lb.resync('events')).resolves.toMatchObject({ apply: { kind: 'reload' } });
    clock.advance(200);
    // An app is created (a frontend added: a reload) in the same resync that brings /web a second task.
    json = appsJson({ '/web': { port: 10000, tasks: 2 }, '/db': { port: 10002, tasks: 1 }, '/api': { port: 10001, tasks: 1 } });
    await expect(lb.resync('events')).resolves.toMatchObject({ apply: { kind: 'deferred', retryInMs: 800 } });
    expect(haproxy.calls.slice(4)).toEqual(['install unchecked',
      'runtime set server web_10000/web_10000_s1 addr 10.0.0.2 port 41000; set server web_10000/web_10000_s1 state ready']);
    expect(haproxy.serving).toContain('server web_10000_s1 10.0.0.2:41000');
    expect(haproxy.serving).not.toContain('api_10001');

    clock.advance(799);
    await settle(() => false);
    expect(haproxy.calls.filter((c) => c === 'reload')).toHaveLength(1);
    clock.advance(1);
    await settle(() => haproxy.calls.length > 6);
    expect(haproxy.calls.slice(6)).toEqual(['install', 'reload']);
    expect(haproxy.serving).toContain('backend api_10001');
    expect(lb.health().lastApply).toMatchObject({ kind: 'reload', detail: 'frontend api_10001 added' });
    await lb.stop();
    expect(haproxy.calls.at(-1)).toBe('stop');
  });
});
