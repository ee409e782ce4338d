import { Backoff, FakeClock, sequentialIds } from './index';

describe('FakeClock', () => {
  it('fires timers in due order while advancing and not before', () => {
    const clock = new FakeClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 200);
    clock.setTimeout(() => fired.push('a'), 100);
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(150);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now()).toBe(1249);
  });

  it('runs timers scheduled by timers and honours clearTimeout', () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    const cancelled = clock.setTimeout(() => fired.push(-1), 10);
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
    }, 20);
    clock.clearTimeout(cancelled);
    clock.advance(30);
    expect(fired).toEqual([20, 25]);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('Backoff', () => {
  it('doubles up to the cap and resets', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 500 });
    expect([b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 500]);
    b.reset();
    expect(b.next()).toBe(100);
  });

  it('jitters within [base/2, base]', () => {
    const b = new Backoff({ initialMs: 1000, maxMs: 1000, random: () => 0 });
    expect(b.next()).toBe(500);
  });
});

describe('sequentialIds', () => {
  it('counts from zero with a prefix', () => {
    const ids = sequentialIds('o-');
    expect([ids.next(), ids.next()]).toEqual(['o-0', 'o-1']);
  });
});

describe('systemClock', () => {
  it('fires short timers and can cancel long ones without firing them early', async () => {
    const { systemClock } = await import('./clock');
    let longFired = false;
    const long = systemClock.setTimeout(() => (longFired = true), 30 * 24 * 3600 * 1000);
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 5));
    systemClock.clearTimeout(long);
    expect(longFired).toBe(false);
  });
});
