import { Resources } from '@strato/resources';
import { invalidArgument, isStratoError, StratoError } from '@strato/errors';
import { waitFor } from '@strato/testing';
import { taskFor } from './task-builder';
import { DriverHarness, offerEvent, Recorder, updateEvent } from './testing/driver-harness';
import { FakeMaster } from './testing/fake-master';

const harness = new DriverHarness();
afterEach(() => harness.cleanup());

describe('SchedulerDriver: subscription and events', () => {
  let master: FakeMaster;
  let events: Recorder;
  beforeEach(async () => {
    master = await harness.master();
    events = new Recorder();
  });

  it('subscribes with the framework info and gets a framework id', async () => {
    const driver = harness.driver(master.address, {}, events);
    expect(driver.connected).toBe(false);
    await driver.start();
    expect(driver.frameworkId).toBe('fw-1');
    expect(driver.connected).toBe(true);
    expect(master.subscribes[0].frameworkInfo).toMatchObject({ id: '', name: 'test-framework', user: 'tester', roles: ['*'], failoverTimeout: 60 });
    await waitFor(() => events.subscriptions.length === 1, { description: 'subscribed handler' });
    expect(events.subscriptions[0]).toMatchObject({ frameworkId: 'fw-1', master: { id: 'master-1' }, details: { reconnected: false, heartbeatIntervalMs: 15_000 } });
  });

  it('re-attaches with a given framework id', async () => {
    const driver = harness.driver(master.address, { framework: { name: 'again', id: 'fw-old' } }, events);
    await driver.start();
    expect(master.subscribes[0].frameworkInfo?.id).toBe('fw-old');
    expect(driver.frameworkId).toBe('fw-old');
  });

  it('delivers offers, rescinds and failures as domain values, in order', async () => {
    const driver = harness.driver(master.address, {}, events);
    await driver.start();
    master.emit(offerEvent({ id: 'o1' }, { id: 'o2', resources: 'cpus:1;mem:64' }));
    master.emit({ $case: 'rescind', value: { offerId: 'o2' } });
    master.emit({ $case: 'failure', value: { agentId: 'agent-9', executorId: 'e1', status: 137 } });
    await waitFor(() => events.failures.length === 1, { description: 'failure handler' });
    expect(events.log).toEqual(['subscribed fw-1', 'offers o1,o2', 'rescinded o2', 'failure agent-9']);
    const [o1, o2] = events.offerBatches[0];
    expect(o1.resources.cpus()).toBe(2);
    expect(o1.resources.ports()).toEqual([{ begin: 31000, end: 31005 }]);
    expect(o2.resources.equals(Resources.parse('cpus:1;mem:64'))).toBe(true);
    expect(events.failures[0]).toEqual({ agentId: 'agent-9', executorId: 'e1', exitStatus: 137 });
  });

  it('launch sends an ACCEPT with the tasks converted and the filters in seconds', async () => {
    const driver = harness.driver(master.address, {}, events);
    await driver.start();
    master.emit(offerEvent({ id: 'o1' }));
    await waitFor(() => events.offerBatches.length === 1);
    const offer = events.offerBatches[0][0];
    const fit = taskFor(offer, { name: 'web', taskId: 'web.1', cpus: 0.5, mem: 128, ports: 1, command: 'echo hi' });
    if (!fit.ok) throw new Error(fit.message);
    await driver.launch(offer.id, [fit.task], { refuseMs: 2500 });
    const call = master.calls[0];
    expect(call).toMatchObject({ frameworkId: 'fw-1', streamId: master.streamId });
    const accept = master.callsOf('accept')[0];
    expect(accept.offerIds).toEqual(['o1']);
    expect(accept.filters).toEqual({ refuseSeconds: 2.5 });
    const op = accept.operations[0].operation;
    expect(op?.$case).toBe('launch');
    const task = op!.value.taskInfos[0];
    expect(task).toMatchObject({ taskId: 'web.1', name: 'web', agentId: 'agent-1', command: { value: 'echo hi' } });
    expect(task.resources.map((r) => [r.name, r.scalar?.value ?? r.ranges?.range])).toEqual([
      ['cpus', 0.5],
      ['mem', 128],
      ['ports', [{ begin: 31000, end: 31000 }]],
    ]);
  });

  it('sends decline, kill, reconcile, suppress and revive as the master expects them', async () => {
    const driver = harness.driver(master.address, {}, events);
    await driver.start();
    await driver.decline(['o1', 'o2']);
    await driver.decline([]); // nothing to send
    await driver.kill('t1', 'agent-1', 3000);
    await driver.reconcile([{ taskId: 't1' }, { taskId: 't2', agentId: 'a2' }]);
    await driver.reconcile();
    await driver.suppress();
    await driver.revive(['*']);
    expect(master.calls.map((c) => c.call?.$case)).toEqual(['decline', 'kill', 'reconcile', 'reconcile', 'suppress', 'revive']);
    expect(master.callsOf('decline')[0]).toEqual({ offerIds: ['o1', 'o2'], filters: undefined });
    expect(master.callsOf('kill')[0]).toEqual({ taskId: 't1', agentId: 'agent-1', killPolicy: { gracePeriodSeconds: 3 } });
    expect(master.callsOf('reconcile').map((r) => r.tasks)).toEqual([
      [
        { taskId: 't1', agentId: '' },
        { taskId: 't2', agentId: 'a2' },
      ],
      [],
    ]);
  });

  it('rejects a call the master finds malformed with a typed error', async () => {
    const driver = harness.driver(master.address, {}, events);
    await driver.start();
    master.failNextCalls.push(new StratoError('INVALID_ARGUMENT', 'bad call'));
    const error = await driver.kill('t1').catch((e: unknown) => e);
    expect(isStratoError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toBe('bad call');
  });
});

describe('SchedulerDriver: acknowledgements', () => {
  let master: FakeMaster;
  let events: Recorder;
  beforeEach(async () => {
    master = await harness.master();
    events = new Recorder();
  });

  it('acknowledges updates with a uuid after the handler finished, and not the others', async () => {
    let release: () => void = () => undefined;
    events.onUpdate = (s) => (s.taskId === 'held' ? new Promise<void>((r) => (release = r)) : undefined);
    const driver = harness.driver(master.address, {}, events);
    await driver.start();
    master.emit(updateEvent('held', 'TASK_RUNNING', 'uuid-1'));
    master.emit(updateEvent('reconciled', 'TASK_RUNNING'));
    master.emit(updateEvent('t3', 'TASK_FINISHED', 'uuid-3'));
    await waitFor(() => events.log.includes('update held TASK_RUNNING'));
    expect(master.callsOf('acknowledge')).toEqual([]); // the handler still holds the first update
    expect(events.log).not.toContain('update reconciled TASK_RUNNING'); // and the next ones wait
    release();
    await waitFor(() => master.callsOf('acknowledge').length === 2, { description: 'two acks' });
    expect(master.callsOf('acknowledge')).toEqual([
      { taskId: 'held', agentId: 'agent-1', uuid: 'uuid-1' },
      { taskId: 't3', agentId: 'agent-1', uuid: 'uuid-3' },
    ]);
    expect(events.updates.map((u) => [u.taskId, u.state, u.uuid])).toEqual([
      ['held', 'TASK_RUNNING', 'uuid-1'],
      ['reconciled', 'TASK_RUNNING', undefined],
      ['t3', 'TASK_FINISHED', 'uuid-3'],
    ]);
  });

  it('does not acknowledge an update whose handler threw (the agent will resend it)', async () => {
    events.onUpdate = (s) => {
      if (s.taskId === 'bad') throw new Error('cannot persist');
    };
    const driver = harness.driver(master.address, {}, events);
    await driver.start();
    master.emit(updateEvent('bad', 'TASK_RUNNING', 'uuid-bad'));
    master.emit(updateEvent('good', 'TASK_RUNNING', 'uuid-good'));
    await waitFor(() => master.callsOf('acknowledge').length === 1);
    expect(master.callsOf('acknowledge')[0].taskId).toBe('good');
  });

  it('delivers back-to-back updates as batches to an updateBatch handler, never across another event', async () => {
    let release: () => void = () => undefined;
    const log: string[] = [];
    const driver = harness.driver(master.address, {}, {
      updateBatch: (statuses) => {
        log.push(`updates ${statuses.map((s) => s.taskId).join(',')}`);
        return statuses[0].taskId === 'held' ? new Promise<void>((r) => (release = r)) : undefined;
      },
      offers: (offers) => void log.push(`offers ${offers.map((o) => o.id).join(',')}`),
    });
    await driver.start();
    master.emit(updateEvent('held', 'TASK_RUNNING', 'uuid-0'));
    await waitFor(() => log.length === 1, { description: 'the first batch' });
    for (const id of ['a', 'b', 'c']) master.emit(updateEvent(id, 'TASK_RUNNING', `uuid-${id}`));
    master.emit(offerEvent({ id: 'o1' }));
    master.emit(updateEvent('d', 'TASK_RUNNING', 'uuid-d'));
    await driver.reconcile(); // a barrier: every event above has reached the driver
    expect(master.callsOf('acknowledge')).toEqual([]);
    release();
    await waitFor(() => master.callsOf('acknowledge').length === 2 && master.callsOf('acknowledgeMany').length === 1, { description: 'the acks' });
    expect(log).toEqual(['updates held', 'updates a,b,c', 'offers o1', 'updates d']);
    // A batch of several is acknowledged with one ACKNOWLEDGE_MANY call, a batch of one with ACKNOWLEDGE.
    expect(master.callsOf('acknowledge').map((a) => a.uuid)).toEqual(['uuid-0', 'uuid-d']);
    expect(master.callsOf('acknowledgeMany')[0].acknowledgements.map((a) => a.uuid)).toEqual(['uuid-a', 'uuid-b', 'uuid-c']);
  });

  it('falls back to one ACKNOWLEDGE per update when a master refuses ACKNOWLEDGE_MANY', async () => {
    master.refuseCall = (call) => (call.call?.$case === 'acknowledgeMany' ? invalidArgument('Call has no type') : undefined);
    let release: () => void = () => undefined;
    const driver = harness.driver(master.address, {}, {
      updateBatch: (statuses) => (statuses[0].taskId === 'held' ? new Promise<void>((r) => (release = r)) : undefined),
    });
    await driver.start();
    master.emit(updateEvent('held', 'TASK_RUNNING', 'uuid-0'));
    await driver.reconcile();
    for (const id of ['a', 'b']) master.emit(updateEvent(id, 'TASK_RUNNING', `uuid-${id}`));
    await driver.reconcile();
    release();
    await waitFor(() => master.callsOf('acknowledge').length === 3, { description: 'every update acknowledged one by one' });
    expect(master.callsOf('acknowledgeMany')).toHaveLength(1);
    expect(master.callsOf('acknowledge').map((a) => a.uuid)).toEqual(['uuid-0', 'uuid-a', 'uuid-b']);
  });

  it('acknowledges none of a batch whose updateBatch handler threw', async () => {
    const driver = harness.driver(master.address, {}, {
      updateBatch: (statuses) => {
        if (statuses.some((s) => s.taskId === 'bad')) throw new Error('cannot persist');
      },
    });
    await driver.start();
    master.emit(updateEvent('bad', 'TASK_RUNNING', 'uuid-bad'));
    await driver.reconcile();
    master.emit(updateEvent('good', 'TASK_RUNNING', 'uuid-good'));
    await waitFor(() => master.callsOf('acknowledge').length === 1);
    expect(master.callsOf('acknowledge')[0].taskId).toBe('good');
  });

  it('leaves acknowledgements to the framework when autoAcknowledge is off', async () => {
    const driver = harness.driver(master.address, { autoAcknowledge: false }, events);
    await driver.start();
    master.emit(updateEvent('t1', 'TASK_RUNNING', 'uuid-1'));
    await waitFor(() => events.updates.length === 1);
    await driver.reconcile(); // a barrier: any automatic ack would have been sent before it
    expect(master.callsOf('acknowledge')).toEqual([]);
    await driver.acknowledge(events.updates[0]);
    await driver.acknowledge({ taskId: 'no-uuid', agentId: 'a' }); // no-op
    expect(master.callsOf('acknowledge')).toEqual([{ taskId: 't1', agentId: 'agent-1', uuid: 'uuid-1' }]);
  });

  it('declines offers when the framework has no offers handler', async () => {
    const driver = harness.driver(master.address, {}, { update: () => undefined });
    await driver.start();
    master.emit(offerEvent({ id: 'o1' }, { id: 'o2' }));
    await waitFor(() => master.callsOf('decline').length === 1);
    expect(master.callsOf('decline')[0].offerIds).toEqual(['o1', 'o2']);
  });
});
