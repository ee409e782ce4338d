import { FakeClock } from '@strato/clock';
import { parseJob } from '@strato/job-definition';
import { createHttpApp, createLogger, listenHttp, Metrics } from '@strato/service';
import { WebhookNotifier } from './webhook-notifier';

const defaults = { cpus: 0.1, mem: 32, disk: 0, user: 'root' };
const logger = createLogger('test', 'silent');

describe('WebhookNotifier', () => {
  it('POSTs the notification to the global URL and to the job webhook, over real HTTP', async () => {
    const received: { path: string; body: Record<string, unknown> }[] = [];
    const app = createHttpApp();
    app.post('/*path', (req, res) => {
      received.push({ path: req.path, body: req.body as Record<string, unknown> });
      res.status(204).end();
    });
    const server = await listenHttp(app, '127.0.0.1', 0);
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const notifier = new WebhookNotifier({ clock: new FakeClock(0), logger, metrics: new Metrics(), globalUrl: `${base}/all`, clusterName: 'prod' });
      const job = parseJob({ name: 'etl', command: 'false', owner: 'a@x, b@x', failureWebhook: `${base}/etl` }, 'iso8601', defaults);
      notifier.notify('failed', job, undefined, 'Command exited with status 3');
      await notifier.idle();
      expect(received.map((r) => r.path).sort()).toEqual(['/all', '/etl']);
      expect(received[0]!.body).toMatchObject({ event: 'failed', subject: "[prod] job 'etl' failed!", message: 'Command exited with status 3', to: ['a@x', 'b@x'], job: 'etl' });
    } finally {
      await server.close();
    }
  });

  it('retries with doubling delays until a 2xx, and gives up after the last attempt', async () => {
    const clock = new FakeClock(0);
    const calls: number[] = [];
    let answers = [500, 502, 200];
    const metrics = new Metrics();
    const post = async () => {
      calls.push(clock.now());
      return answers.shift() ?? 500;
    };
    const notifier = new WebhookNotifier({ clock, logger, metrics, globalUrl: 'http://hook', clusterName: '', post, attempts: 4, firstRetryMs: 100 });
    const job = parseJob({ name: 'j', command: 'x' }, 'iso8601', defaults);
    notifier.notify('disabled', job);
    const drain = async () => {
      for (let i = 0; i < 10; i++) {
        await new Promise((r) => setImmediate(r));
        clock.advance(100);
      }
      await notifier.idle();
    };
    await drain();
    expect(calls).toEqual([0, 100, 300]);
    expect(metrics.counter('chronos/notifications_sent')).toBe(1);
    answers = [];
    calls.length = 0;
    notifier.notify('failed', job);
    await drain();
    expect(calls).toHaveLength(4);
    expect(metrics.counter('chronos/notifications_failed')).toBe(1);
  });

  it('sends nothing when neither a global URL nor a job webhook is set', async () => {
    const post = jest.fn(async () => 200);
    const notifier = new WebhookNotifier({ clock: new FakeClock(0), logger, metrics: new Metrics(), clusterName: '', post });
    notifier.notify('failed', parseJob({ name: 'j', command: 'x' }, 'iso8601', defaults));
    await notifier.idle();
    expect(post).not.toHaveBeenCalled();
  });
});
