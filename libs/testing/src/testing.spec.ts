import { descendantsOf, freePort, pidAlive, startProcess, waitFor } from './index';

describe('testing helpers', () => {
  it('picks distinct free ports', async () => {
    const [a, b] = await Promise.all([freePort(), freePort()]);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
  });

  it('waitFor returns the first truthy value and times out with the description', async () => {
    let n = 0;
    await expect(waitFor(() => (++n >= 3 ? n : undefined), { intervalMs: 1 })).resolves.toBe(3);
    await expect(waitFor(() => false, { timeoutMs: 30, intervalMs: 5, description: 'never' })).rejects.toThrow(
      /timed out after 30 ms waiting for never/,
    );
  });

  it('starts, observes and stops a real process tree', async () => {
    const p = startProcess('sleeper', '/bin/sh', { args: ['-c', 'sleep 30 & echo started; wait'] });
    await p.waitForLog(/started/);
    const children = await waitFor(() => (descendantsOf(p.pid).length ? descendantsOf(p.pid) : undefined));
    expect(children.length).toBeGreaterThan(0);
    await p.stop(1000);
    expect(pidAlive(p.pid)).toBe(false);
    for (const c of children) process.kill(c, 'SIGKILL');
  });
});
