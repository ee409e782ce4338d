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

  it('runFirst goes ahead of the jobs waiting, not into the one running', async () => {
    const serial = new Serial();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name} start`);
      await new Promise((r) => setImmediate(r));
      log.push(`${name} end`);
    };
    const a = serial.run(job('a'));
    const b = serial.run(job('b'));
    await new Promise((r) => setImmediate(r)); // a is running now
    const urgent = serial.runFirst(job('urgent'));
    await Promise.all([a, b, urgent]);
    expect(log).toEqual(['a start', 'a end', 'urgent start', 'urgent end', 'b start', 'b end']);
  });

  it('starts a job after the calling code, not inside it', async () => {
    const serial = new Serial();
    const log: string[] = [];
    const done = serial.run(() => log.push('job'));
    log.push('caller');
    await done;
    expect(log).toEqual(['caller', 'job']);
  });
});
