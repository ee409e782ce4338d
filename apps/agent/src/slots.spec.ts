import { Slots } from './slots';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Slots', () => {
  it('runs at most `size` at once, in arrival order, and frees the slot of work that failed', async () => {
    const slots = new Slots(2);
    const started: number[] = [];
    const release = new Map<number, () => void>();
    const work = (i: number, fail = false) =>
      slots.run(async () => {
        started.push(i);
        await new Promise<void>((resolve) => release.set(i, resolve));
        if (fail) throw new Error(`work ${i} failed`);
        return i;
      });
    const runs = [work(0), work(1, true), work(2), work(3)];
    await flush();
    expect(started).toEqual([0, 1]);
    release.get(1)!();
    await expect(runs[1]).rejects.toThrow('work 1 failed');
    await flush();
    expect(started).toEqual([0, 1, 2]);
    release.get(0)!();
    await expect(runs[0]).resolves.toBe(0);
    await flush();
    expect(started).toEqual([0, 1, 2, 3]);
    release.get(2)!();
    release.get(3)!();
    await expect(Promise.all([runs[2], runs[3]])).resolves.toEqual([2, 3]);
  });
});
