import { Serial } from './serial';

describe('Serial', () => {
  it('runs jobs one at a time in call order, even when one fails', async () => {
    const serial = new Serial();
    const log: string[] = [];
    const job = (name: string, fail = false) => async () => {
      log.push(`${name} start`);
      await new Promise((r) => setImmediate(r));
      log.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
    const a = serial.run(job('a'));
    const b = serial.run(job('b', true));
    const c = serial.run(job('c'));
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('b');
    await expect(c).resolves.toBe('c');
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('idle waits for jobs queued by running jobs', async () => {
    const serial = new Serial();
    let done = false;
    void serial.run(() => {
      void serial.run(async () => {
        await new Promise((r) => setImmediate(r));
        done = true;
      });
    });
    await serial.idle();
    expect(done).toBe(true);
  });
});
