import { pidAlive, startZooKeeper, TestZooKeeper } from './index';

describe('startZooKeeper', () => {
  let zk: TestZooKeeper | undefined;
  afterAll(() => zk?.stop());

  it('runs a real server that answers four-letter words, restarts on the same port and stops', async () => {
    zk = await startZooKeeper();
    expect(zk.connectString).toBe(`127.0.0.1:${zk.port}`);
    expect(zk.url('/strato/x')).toBe(`zk://127.0.0.1:${zk.port}/strato/x`);
    expect(await zk.command('ruok')).toBe('imok');
    expect(await zk.command('srvr')).toMatch(/Mode: standalone/);
    const first = zk.pid;
    expect(pidAlive(first)).toBe(true);
    await zk.restart({ wipe: true });
    expect(zk.pid).not.toBe(first);
    expect(pidAlive(first)).toBe(false);
    expect(await zk.command('ruok')).toBe('imok');
    const second = zk.pid;
    await zk.stop();
    expect(zk.pid).toBe(-1);
    expect(pidAlive(second)).toBe(false);
    await expect(zk.command('ruok')).rejects.toThrow();
  });
});
