import { MemoryStore } from '@strato/coordination';
import { createLogger } from '@strato/service';
import { freePort } from '@strato/testing';
import { toMarathonConfig } from './flags';
import { Marathon } from './marathon';

describe('Marathon system endpoints', () => {
  let marathon: Marathon;
  let base: string;

  beforeAll(async () => {
    // No master listens on this port: the REST API must still serve while the driver retries.
    const config = toMarathonConfig({ master: `127.0.0.1:${await freePort()}`, http_port: '0' });
    marathon = new Marathon(config, { store: new MemoryStore(), logger: createLogger('test', 'silent') });
    const { httpPort } = await marathon.start();
    base = `http://127.0.0.1:${httpPort}`;
  });

  afterAll(() => marathon.stop());

  it('answers /ping with pong', async () => {
    const res = await fetch(`${base}/ping`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('pong');
  });

  it('reports itself as leader and shows its configuration in /v2/info', async () => {
    const leader = (await (await fetch(`${base}/v2/leader`)).json()) as { leader: string };
    expect(leader.leader).toMatch(/^127\.0\.0\.1:\d+$/);
    const info = (await (await fetch(`${base}/v2/info`)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ name: 'marathon', elected: true, frameworkId: null });
    expect(info.marathon_config).toMatchObject({ framework_name: 'marathon', local_port_min: 10000 });
  });

  it('answers unknown routes with a JSON 404 and malformed JSON with 400', async () => {
    const missing = await fetch(`${base}/v2/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'URI not found' });
    const bad = await fetch(`${base}/v2/apps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id": ' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toBe('Invalid JSON');
  });

  it('serves metrics in Marathon\'s shape', async () => {
    const metrics = (await (await fetch(`${base}/metrics`)).json()) as Record<string, unknown>;
    expect(Object.keys(metrics).sort()).toEqual(['counters', 'gauges', 'histograms', 'meters', 'timers', 'version']);
  });
});
