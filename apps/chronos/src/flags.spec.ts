import { parseChronosFlags } from './flags';

describe('Chronos flags', () => {
  it('has Chronos defaults', () => {
    const c = parseChronosFlags(['node', 'strato-chronos', '--master', 'localhost:5060']);
    expect(c).toMatchObject({ master: 'localhost:5060', httpPort: 4400, frameworkName: 'chronos', taskCpus: 0.1, taskMem: 128, taskDisk: 256, user: 'root', failureRetryMs: 60_000, disableAfterFailures: 0, jobHistoryLimit: 5 });
    expect(c.failoverTimeoutMs).toBe(604_800_000);
    expect(c.failureWebhook).toBeUndefined();
  });

  it('refuses a webhook that is not an http(s) URL', () => {
    expect(() => parseChronosFlags(['node', 'x', '--master', 'h:1', '--failure_webhook', 'ftp://x'])).toThrow(/--failure_webhook/);
  });

  it('takes environment variables for flags', () => {
    process.env.STRATO_HTTP_PORT = '4500';
    try {
      expect(parseChronosFlags(['node', 'x', '--master', 'h:1']).httpPort).toBe(4500);
    } finally {
      delete process.env.STRATO_HTTP_PORT;
    }
  });
});
