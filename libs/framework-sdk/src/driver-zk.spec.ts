import { Leadership } from '@strato/coordination';
import { isStratoError } from '@strato/errors';
import { startZooKeeper, TestZooKeeper, waitFor } from '@strato/testing';
import { masterInfoToJson } from '@strato/wire';
import { SchedulerDriver } from './driver';
import { isZkUrl } from './master-address';
import { DriverHarness, Recorder } from './testing/driver-harness';
import { FakeMaster } from './testing/fake-master';
import type { DriverLogger } from './types';
import { MASTER_PREFIX } from './zk-master-detector';

jest.setTimeout(30_000);

/** Only a leader change or a leader appearing can make the driver subscribe again within a test. */
const NO_RETRY = { initialMs: 60_000, maxMs: 60_000, random: () => 0.5 };

let zk: TestZooKeeper;
let group = 0;
const harness = new DriverHarness();
const leaderships: Leadership[] = [];

beforeAll(async () => {
  zk = await startZooKeeper();
});
afterEach(async () => {
  await harness.cleanup();
  await Promise.all(leaderships.splice(0).map((l) => l.stop()));
});
afterAll(async () => {
  await zk?.stop();
});

/** Stands in the masters' election for `master`, publishing its JSON as a real master does. */
async function stand(path: string, master: FakeMaster, id: string): Promise<Leadership> {
  const info = { id, hostname: '127.0.0.1', ip: '127.0.0.1', port: 5050, grpcPort: master.port, version: 'test', pid: `master@127.0.0.1:5050` };
  const leadership = await Leadership.start({ servers: zk.connectString, path, prefix: MASTER_PREFIX, sessionTimeoutMs: 2_000 }, masterInfoToJson(info));
  leaderships.push(leadership);
  return leadership;
}

function recordingLogger(lines: string[]): DriverLogger {
  const log = (obj: object, msg?: string) => lines.push(`${msg ?? ''} ${JSON.stringify(obj)}`);
  return { debug: log, info: log, warn: log, error: log };
}

describe('SchedulerDriver with master: zk://', () => {
  let path: string;
  beforeEach(() => {
    path = `/strato/master-${++group}`;
  });

  it('subscribes to the leader named in ZooKeeper and follows it to a new leader with the same framework id', async () => {
    const first = await harness.master();
    const second = await harness.master();
    const leading = await stand(path, first, 'm1');
    await waitFor(() => leading.role === 'leading', { description: 'the first master to lead' });
    const events = new Recorder();
    const driver = harness.driver(zk.url(path), { reconnect: NO_RETRY, zkSessionTimeoutMs: 2_000 }, events);
    await driver.start();
    expect(first.subscribes).toHaveLength(1);
    expect(driver.frameworkId).toBe('fw-1');

    const standby = await stand(path, second, 'm2');
    expect(standby.role).toBe('standby');
    await leading.stop(); // its node goes: the second master leads
    await waitFor(() => second.subscribes.length === 1 && driver.connected, { description: 're-subscription to the new leader' });
    expect(second.subscribes[0].frameworkInfo?.id).toBe('fw-1');
    // The first master is still up: the driver dropped its stream because it no longer leads.
    await waitFor(() => first.openStreams === 0, { description: 'the stream to the old leader to close' });
    expect(first.subscribes).toHaveLength(1);
    await waitFor(() => events.subscriptions.length === 2);
    expect(events.log).toEqual(['subscribed fw-1', 'disconnected', 'subscribed fw-1']);
    expect(events.disconnects[0]).toMatch(/moved/);
    expect(events.subscriptions[1].details.reconnected).toBe(true);

    await driver.reconcile(); // calls go to the new leader's stream
    expect(second.callsOf('reconcile')).toHaveLength(1);
  });

  it('waits while no master leads and subscribes as soon as one is elected', async () => {
    const master = await harness.master();
    const lines: string[] = [];
    const driver = harness.driver(zk.url(path), { reconnect: NO_RETRY, logger: recordingLogger(lines) });
    let subscribed = false;
    const started = driver.start().then(() => (subscribed = true));
    await waitFor(() => lines.some((l) => l.startsWith('no leading master in ZooKeeper yet')), { description: 'the driver to wait' });
    expect(subscribed).toBe(false);
    expect(driver.state).toBe('subscribing');

    await stand(path, master, 'm1');
    await started;
    expect(master.subscribes).toHaveLength(1);
    expect(driver.connected).toBe(true);
  });

  it('stops cleanly while still waiting for a leader, even before it reached ZooKeeper', async () => {
    const lines: string[] = [];
    const driver = harness.driver(zk.url(path), { reconnect: NO_RETRY, logger: recordingLogger(lines) });
    const started = driver.start();
    await driver.stop();
    const error = await started.catch((e: unknown) => e);
    expect(isStratoError(error, 'FAILED_PRECONDITION')).toBe(true);
    await waitFor(() => lines.some((l) => l.startsWith('stopped following the masters')), { description: 'the ZooKeeper session to close' });
  });
});

describe('zk:// master URLs', () => {
  it('are recognised and validated when the driver is built', () => {
    expect(isZkUrl(' zk://h:2181/strato/master')).toBe(true);
    expect(isZkUrl('h:5050')).toBe(false);
    const build = (master: string) => () => new SchedulerDriver({ master, framework: { name: 'f' } });
    expect(build('zk://no-port/strato')).toThrow(/invalid master 'zk:\/\/no-port\/strato'/);
    expect(build('zk://h:2181/strato')).not.toThrow();
    expect(build('nonsense')).toThrow(/invalid master address/);
  });
});
