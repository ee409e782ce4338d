import { masterHarness } from './testing/master-harness';
import { StratoError } from '@strato/errors';
import { dispatch } from './scheduler-service';

describe('master accounting', () => {
  it('returns each offer of an invalid two-agent ACCEPT to its own agent', async () => {
    const h = await masterHarness();
    await h.registerAgent('a', 'cpus:4;mem:4096');
    await h.registerAgent('b', 'cpus:4;mem:4096');
    const { stream, record } = await h.subscribe();
    h.allocate();
    const offers = stream.offers();
    expect(new Set(offers.map((o) => o.agentId)).size).toBe(2);
    h.master.calls.accept(record, offers.map((o) => o.id), [h.task('t1', 'cpus:1;mem:32')], {});
    expect(stream.updates().map((u) => [u.taskId, u.state])).toEqual([['t1', 'TASK_LOST']]);
    h.assertBalanced();
    for (const agent of h.state.agents.values()) expect(agent.available.cpus()).toBe(4);
  });

  it('offers the remainder of an ACCEPT again at once when the framework refuses none of it, else not before the filter', async () => {
    for (const [filters, offered] of [[{ refuseSeconds: 0 }, 2], [{}, 1]] as const) {
      const h = await masterHarness();
      await h.registerAgent('a', 'cpus:4;mem:4096');
      const { stream, record } = await h.subscribe();
      h.allocate();
      h.master.calls.accept(record, [stream.offers()[0].id], [h.task('t1', 'cpus:1;mem:32')], filters);
      h.clock.advance(0);
      expect(stream.offers()).toHaveLength(offered);
    }
  });

  it('keeps agents balanced through launch, finish and decline', async () => {
    const h = await masterHarness();
    const { link, record: agent } = await h.registerAgent('a', 'cpus:4;mem:4096;ports:[31000-31009]');
    const { stream, record } = await h.subscribe();
    h.allocate();
    const [offer] = stream.offers();
    h.master.calls.accept(record, [offer.id], [h.task('t1', 'cpus:1;mem:128;ports:[31000-31000]')], { refuseSeconds: 0 });
    h.assertBalanced();
    expect(link.ofCase('runTask')).toHaveLength(1);
    expect(h.master.ctx.state.usedOn(agent).cpus()).toBe(1);
    const task = h.state.tasks.get(`${record.id}/t1`)!;
    h.state.updateTask(task, { ...task.statuses[0], state: 'TASK_FINISHED', source: 'SOURCE_EXECUTOR' });
    h.state.updateTask(task, { ...task.statuses[0], state: 'TASK_FINISHED', source: 'SOURCE_EXECUTOR' });
    h.assertBalanced();
    expect(agent.available.cpus()).toBe(4);
    expect(h.state.counters.finished).toBe(1);
  });

  it('refuses a re-registration whose tasks exceed the agent, changing nothing', async () => {
    const h = await masterHarness();
    const { record: agent } = await h.registerAgent('a', 'cpus:2;mem:1024');
    const link = { send: () => undefined, close: () => undefined };
    const info = { ...h.agentInfo('a', 'cpus:2;mem:1024'), id: agent.id };
    const big = [{ frameworkId: 'f', task: { ...h.task('x', 'cpus:3;mem:64'), agentId: agent.id } }];
    expect(() => h.master.agents.reregister(info, big, [], link)).toThrow(/beyond its resources: cpus\(\*\): wanted 3, available 2/);
    expect(h.state.tasks.size).toBe(0);
    h.assertBalanced();
    const moved = { ...h.agentInfo('elsewhere', 'cpus:2;mem:1024'), id: agent.id };
    expect(() => h.master.agents.reregister(moved, [], [], link)).toThrow(/registered from a, not elsewhere/);
  });

  it('applies an ended task reported on re-registration instead of calling it gone', async () => {
    const h = await masterHarness();
    const { record: agent } = await h.registerAgent('a', 'cpus:4;mem:4096');
    const { stream, record } = await h.subscribe();
    h.allocate();
    h.master.calls.accept(record, [stream.offers()[0].id], [h.task('t1', 'cpus:1;mem:128')], {});
    const task = h.state.tasks.get(`${record.id}/t1`)!;
    const finished = { ...task.statuses[0], state: 'TASK_FINISHED' as const, source: 'SOURCE_EXECUTOR' as const, uuid: 'u1' };
    const info = { ...h.agentInfo('a', 'cpus:4;mem:4096'), id: agent.id };
    h.master.agents.reregister(info, [{ frameworkId: record.id, task: { ...task.info }, latestStatus: finished }], [], { send: () => undefined, close: () => undefined });
    expect(stream.updates().map((u) => u.state)).not.toContain('TASK_GONE');
    expect(h.state.counters.gone).toBe(0);
    expect(h.state.counters.finished).toBe(1);
    h.assertBalanced();
  });

  it('stops charging an unreachable agent\'s tasks to their framework, and charges them again when it returns', async () => {
    const h = await masterHarness(['--agent_ping_timeout=1secs', '--max_agent_ping_timeouts=2']);
    const { link, record: agent } = await h.registerAgent('a', 'cpus:4;mem:4096');
    const { stream, record } = await h.subscribe({ capabilities: ['PARTITION_AWARE'] });
    h.allocate();
    h.master.calls.accept(record, [stream.offers()[0].id], [h.task('t1', 'cpus:1;mem:128')], { refuseSeconds: 0 });
    expect(record.allocated.get('*')!.get('cpus')).toBe(1000);
    h.master.agents.disconnected(agent, link);
    h.clock.advance(2500);
    expect(agent.state).toBe('unreachable');
    expect(stream.updates().map((u) => u.state)).toContain('TASK_UNREACHABLE');
    expect(record.allocated.get('*')!.get('cpus')).toBe(0);
    const task = h.state.tasks.get(`${record.id}/t1`)!;
    const running = { ...task.statuses[0], state: 'TASK_RUNNING' as const };
    h.master.agents.reregister({ ...h.agentInfo('a', 'cpus:4;mem:4096'), id: agent.id }, [{ frameworkId: record.id, task: task.info, latestStatus: running }], [], { send: () => undefined, close: () => undefined });
    expect(record.allocated.get('*')!.get('cpus')).toBe(1000);
    expect(stream.updates().slice(-1)[0]).toMatchObject({ state: 'TASK_RUNNING', reason: 'REASON_AGENT_REREGISTERED' });
    h.assertBalanced();
  });
});

describe('ACKNOWLEDGE_MANY', () => {
  it('forwards every valid acknowledgement to its agent and fails the call naming how many were refused', async () => {
    const h = await masterHarness();
    const { link, record: agent } = await h.registerAgent('a', 'cpus:4;mem:4096');
    const { stream, record } = await h.subscribe();
    const call = (acknowledgements: { agentId: string; taskId: string; uuid: string }[]) =>
      dispatch(h.master.ctx, h.master.frameworks, h.master.calls, {
        frameworkId: record.id, streamId: stream.streamId, call: { $case: 'acknowledgeMany', value: { acknowledgements } },
      });
    call([{ agentId: agent.id, taskId: 't1', uuid: 'u1' }, { agentId: agent.id, taskId: 't2', uuid: 'u2' }]);
    expect(link.ofCase('acknowledgement').map((m) => m.value.uuid)).toEqual(['u1', 'u2']);
    const mixed = [{ agentId: 'nope', taskId: 't3', uuid: 'u3' }, { agentId: agent.id, taskId: 't4', uuid: 'u4' }, { agentId: agent.id, taskId: 't5', uuid: '' }];
    const refusal = (acks: typeof mixed) => {
      try {
        call(acks);
      } catch (error) {
        return error as StratoError;
      }
      throw new Error('the call was not refused');
    };
    const mixedRefusal = refusal(mixed);
    expect(mixedRefusal.message).toBe('2 of 3 acknowledgements failed; the first: Unknown agent nope');
    expect(mixedRefusal.code).toBe('INVALID_ARGUMENT'); // NOT_FOUND and INVALID_ARGUMENT: no common code
    expect(link.ofCase('acknowledgement').map((m) => m.value.uuid)).toEqual(['u1', 'u2', 'u4']);
    const gone = [{ agentId: 'gone-1', taskId: 't6', uuid: 'u6' }, { agentId: 'gone-2', taskId: 't7', uuid: 'u7' }];
    expect(refusal(gone).code).toBe('NOT_FOUND');
    expect(refusal(gone.slice(0, 1)).message).toBe('Unknown agent gone-1');
  });
});
