import { app, harness, noForce } from './test-harness';

describe('revive rate limit (--min_revive_offers_interval)', () => {
  it('revives at most once per interval, with one trailing revive for demand inside the window', async () => {
    const h = await harness();
    await h.handle.core.createApp(app('/a'), noForce);
    await h.handle.idle();
    expect(h.driver.revived).toBe(1);
    await h.advance(1000);
    await h.handle.core.createApp(app('/b'), noForce);
    await h.handle.core.createApp(app('/c'), noForce);
    await h.handle.idle();
    expect(h.driver.revived).toBe(1);
    await h.advance(3000);
    expect(h.driver.revived).toBe(1);
    await h.advance(1000);
    expect(h.driver.revived).toBe(2);
    await h.advance(30_000);
    expect(h.driver.revived).toBe(2);
  });

  it('keeps a pending revive while work is queued, drops it once the queue is empty (suppressed)', async () => {
    const h = await harness(undefined, { minReviveOffersIntervalMs: 10_000 });
    await h.handle.core.createApp(app('/small'), noForce);
    await h.handle.core.createApp(app('/big', { cpus: 8 }), noForce);
    await h.handle.idle();
    expect(h.driver.revived).toBe(1);
    await h.handle.core.createApp(app('/late'), noForce);
    await h.offer('o1');
    expect(h.driver.tasks()).toHaveLength(2);
    await h.advance(10_000);
    expect(h.driver.revived).toBe(2);

    await h.handle.core.deleteApp('/big', { force: true });
    await h.handle.core.createApp(app('/next'), noForce);
    await h.offer('o2');
    expect(h.handle.core.queue()).toEqual([]);
    expect(h.driver.suppressed).toBeGreaterThan(0);
    await h.advance(20_000);
    expect(h.driver.revived).toBe(2);
  });
});
