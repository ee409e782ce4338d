import { FakeClock } from '@strato/clock';
import { isStratoError, permissionDenied, StratoError } from '@strato/errors';
import { freePort, waitFor } from '@strato/testing';
import { DriverHarness, Recorder } from './testing/driver-harness';
import { FakeMaster } from './testing/fake-master';

const harness = new DriverHarness();
afterEach(() => harness.cleanup());

describe('SchedulerDriver: reconnecting', () => {
  let master: FakeMaster;
  let events: Recorder;
  beforeEach(async () => {
    master = await harness.master();
    events = new Recorder();
  });

  it('re-subscribes with the same framework id when the master drops the stream', async () => {
    const driver = harness.driver(master.address, {}, events);
    await driver.start();
    master.dropStreams();
    await waitFor(() => master.subscribes.length === 2 && driver.connected, { description: 're-subscription' });
    expect(master.subscribes[1].frameworkInfo?.id).toBe('fw-1');
    await waitFor(() => events.subscriptions.length === 2);
    expect(events.log).toEqual(['subscribed fw-1', 'disconnected', 'subscribed fw-1']);
    expect(events.subscriptions[1].details.reconnected).toBe(true);
    expect(events.disconnects[0]).toMatch(/closed the event stream/);
  });

  it('survives a master restart on the same port, and calls made meanwhile wait for it', async () => {
    const driver = harness.driver(master.address, {}, events);
    await driver.start();
    const port = master.port;
    await master.close();
    await waitFor(() => !driver.connected, { description: 'the driver to notice' });
    const kill = driver.kill('t1');
    const restarted = await harness.master(port);
    await kill;
    expect(restarted.subscribes[0].frameworkInfo?.id).toBe('fw-1');
    expect(restarted.callsOf('kill')).toEqual([{ taskId: 't1', agentId: '', killPolicy: undefined }]);
  });

  it('asks the leader detector again before every subscription', async () => {
    const second = await harness.master();
    const leaders = [master.address, second.address];
    const driver = harness.driver(async () => leaders.shift() ?? second.address, {}, events);
    await driver.start();
    expect(master.subscribes).toHaveLength(1);
    master.dropStreams();
    await waitFor(() => second.subscribes.length === 1 && driver.connected, { description: 'subscription to the new leader' });
    expect(second.subscribes[0].frameworkInfo?.id).toBe('fw-1');
    expect(master.subscribes).toHaveLength(1);
  });

  it('re-subscribes when the master refuses a call for its stream id, then sends the call again', async () => {
    const driver = harness.driver(master.address, {}, events);
    await driver.start();
    const firstStream = master.streamId;
    master.forgetStreams();
    await driver.reconcile();
    expect(master.subscribes).toHaveLength(2);
    const reconciles = master.calls.filter((c) => c.call?.$case === 'reconcile');
    expect(reconciles.map((c) => c.streamId)).toEqual([firstStream, master.streamId]);
    expect(master.streamId).not.toBe(firstStream);
  });

  it('gives up on a call refused twice with PERMISSION_DENIED', async () => {
    const driver = harness.driver(master.address, {}, events);
    await driver.start();
    master.failNextCalls.push(permissionDenied('no'), permissionDenied('still no'));
    const error = await driver.revive().catch((e: unknown) => e);
    expect(isStratoError(error, 'PERMISSION_DENIED')).toBe(true);
    expect(master.subscribes).toHaveLength(2);
  });

  it('keeps suppressed roles suppressed across a re-subscription', async () => {
    const driver = harness.driver(master.address, { framework: { name: 'multi', roles: ['a', 'b'] } }, events);
    await driver.start();
    await driver.suppress();
    await driver.revive(['a']);
    master.dropStreams();
    await waitFor(() => master.subscribes.length === 2);
    expect(master.subscribes[0].suppressedRoles).toEqual([]);
    expect(master.subscribes[1].suppressedRoles).toEqual(['b']);
  });
});

describe('SchedulerDriver: heartbeat watchdog (fake clock)', () => {
  it('re-subscribes after 5 heartbeat intervals without any event, not before', async () => {
    const master = await harness.master();
    master.heartbeatIntervalSeconds = 1;
    const clock = new FakeClock(0);
    const events = new Recorder();
    const driver = harness.driver(master.address, { clock, reconnect: { initialMs: 100, maxMs: 100, random: () => 1 } }, events);
    await driver.start();
    await waitFor(() => events.subscriptions.length === 1);
    clock.advance(4000);
    master.emit({ $case: 'heartbeat', value: {} });
    master.emit({ $case: 'rescind', value: { offerId: 'barrier' } });
    await waitFor(() => events.rescinds.length === 1, { description: 'events after the heartbeat' });
    clock.advance(4999); // 9 s since SUBSCRIBED, but under 5 s since the last event
    expect(driver.connected).toBe(true);
    expect(master.subscribes).toHaveLength(1);
    clock.advance(1);
    expect(driver.connected).toBe(false);
    await waitFor(() => events.disconnects.length === 1);
    expect(events.disconnects[0]).toMatch(/no event from the master for 5000 ms/);
    clock.advance(100); // the reconnect backoff
    await waitFor(() => master.subscribes.length === 2 && driver.connected, { description: 're-subscription' });
    expect(master.subscribes[1].frameworkInfo?.id).toBe('fw-1');
  });

  it('rejects calls with UNAVAILABLE once callTimeoutMs passes without a master', async () => {
    const clock = new FakeClock(0);
    const driver = harness.driver(`127.0.0.1:${await freePort()}`, { clock, callTimeoutMs: 2000 });
    void driver.start();
    let settled: unknown;
    const kill = driver.kill('t1').catch((e: unknown) => (settled = e));
    clock.advance(1999);
    await new Promise((resolve) => setImmediate(resolve)); // flush pending promise callbacks
    expect(settled).toBeUndefined();
    clock.advance(1);
    await kill;
    expect(isStratoError(settled, 'UNAVAILABLE')).toBe(true);
  });
});

describe('SchedulerDriver: stopping', () => {
  let master: FakeMaster;
  let events: Recorder;
  beforeEach(async () => {
    master = await harness.master();
    events = new Recorder();
  });

  it('stops on an ERROR event, reports it, and refuses further calls', async () => {
    const driver = harness.driver(master.address, {}, events);
    await driver.start();
    master.emit({ $case: 'error', value: { message: 'framework fw-1 subscribed elsewhere' } });
    await waitFor(() => events.errors.length === 1, { description: 'error handler' });
    expect(events.errors).toEqual(['framework fw-1 subscribed elsewhere']);
    expect(driver.state).toBe('stopped');
    const error = await driver.kill('t1').catch((e: unknown) => e);
    expect(isStratoError(error, 'FAILED_PRECONDITION')).toBe(true);
    await waitFor(() => master.openStreams === 0, { description: 'the stream to close' });
    expect(master.subscribes).toHaveLength(1);
  });

  it('retries a subscription that fails with UNAVAILABLE, gives up on INVALID_ARGUMENT', async () => {
    master.failNextSubscribe = new StratoError('UNAVAILABLE', 'not the leader');
    const retried = harness.driver(master.address, {}, events);
    await retried.start();
    expect(master.subscribes).toHaveLength(2);
    master.failNextSubscribe = new StratoError('INVALID_ARGUMENT', 'bad framework info');
    const refused = harness.driver(master.address, {}, new Recorder());
    await expect(refused.start()).rejects.toThrow(/bad framework info/);
    expect(refused.state).toBe('stopped');
  });

  it('refuses calls before start() and releases waiting calls on stop()', async () => {
    const driver = harness.driver(`127.0.0.1:${await freePort()}`);
    const early = await driver.kill('t1').catch((e: unknown) => e);
    expect(isStratoError(early, 'FAILED_PRECONDITION')).toBe(true);
    void driver.start();
    const waiting = driver.kill('t1').catch((e: unknown) => e);
    await driver.stop();
    expect(isStratoError(await waiting, 'FAILED_PRECONDITION')).toBe(true);
  });

  it('rejects start() when the master answers SUBSCRIBE with an ERROR', async () => {
    master.refuseSubscribeWith = 'framework has been removed';
    const driver = harness.driver(master.address, { framework: { name: 'gone', id: 'fw-gone' } }, events);
    await expect(driver.start()).rejects.toThrow(/framework has been removed/);
    await waitFor(() => events.errors.length === 1);
    expect(events.errors).toEqual(['framework has been removed']);
  });

  it('stop() closes the stream without TEARDOWN and sends nothing more', async () => {
    const driver = harness.driver(master.address, {}, events);
    await driver.start();
    await driver.stop();
    await waitFor(() => master.openStreams === 0, { description: 'the stream to close' });
    expect(master.calls).toEqual([]);
    expect(events.disconnects).toEqual([]);
    await expect(driver.start()).rejects.toThrow(/already started/);
  });

  it('teardown() sends TEARDOWN and stops without reporting the removal as an error', async () => {
    const driver = harness.driver(master.address, {}, events);
    await driver.start();
    await driver.teardown();
    expect(master.calls.map((c) => c.call?.$case)).toEqual(['teardown']);
    expect(driver.state).toBe('stopped');
    await waitFor(() => master.openStreams === 0);
    await driver.stop();
    expect(events.errors).toEqual([]);
    expect(events.disconnects).toEqual([]);
    expect(master.subscribes).toHaveLength(1);
  });

  it('does not re-subscribe when a call is refused during teardown', async () => {
    const driver = harness.driver(master.address, {}, events);
    await driver.start();
    master.refuseCall = (call) => (call.call?.$case === 'acknowledge' ? permissionDenied('framework removed') : undefined);
    const ack = driver.acknowledge({ taskId: 't1', agentId: 'a1', uuid: 'u1' }).catch((e: unknown) => e);
    await driver.teardown();
    await ack;
    await waitFor(() => master.openStreams === 0);
    expect(events.disconnects).toEqual([]);
    expect(master.subscribes).toHaveLength(1);
    expect(driver.state).toBe('stopped');
  });
});
