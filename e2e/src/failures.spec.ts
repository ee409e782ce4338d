import { waitFor } from '@strato/testing';
import { TestCluster } from './support/cluster';
import { shellTask, TestFramework } from './support/framework';

describe('failures on a real cluster', () => {
  let cluster: TestCluster;
  let fw: TestFramework | undefined;

  beforeEach(async () => {
    cluster = await TestCluster.start({ agents: 2 });
  });

  afterEach(async () => {
    await fw?.stop();
    fw = undefined;
    await cluster?.stop();
  });

  it('makes the tasks of a killed agent UNREACHABLE, rescinds its offers, and takes it back when it restarts', async () => {
    fw = new TestFramework(cluster.masterAddress, { capabilities: ['PARTITION_AWARE'] });
    await fw.start();
    const victim = (await cluster.state()).slaves.find((s) => s.attributes.index === 0)!;
    const offer = await fw.takeOffer((o) => o.agentId === victim.id);
    await fw.driver.launch(offer.id, [shellTask('doomed', victim.id, 'sleep 300')]);
    await fw.waitForState('doomed', 'TASK_RUNNING');
    const held = await waitFor(() => [...fw!.offers.values()].find((o) => o.agentId === victim.id), { description: 'another offer from the victim' });

    await cluster.agents[0].process.kill9();
    await waitFor(() => fw!.rescinded.includes(held.id), { description: `offer ${held.id} to be rescinded` });
    const unreachable = await fw.waitForState('doomed', 'TASK_UNREACHABLE');
    expect(unreachable.reason).toBe('REASON_AGENT_REMOVED');
    expect(fw.failures).toContain(victim.id);
    const metrics = await cluster.metrics();
    expect(metrics['master/slaves_unreachable']).toBe(1);

    cluster.restartAgent(cluster.agents[0]);
    const state = await cluster.waitForAgents(2);
    const back = state.slaves.find((s) => s.id === victim.id)!;
    expect(back.active).toBe(true);
    // The restarted agent cleaned up the orphaned task process and says so.
    await waitFor(() => fw!.statusesOf('doomed').find((s) => s === 'TASK_FAILED' || s === 'TASK_GONE'), {
      description: 'the orphaned task to be reported ended',
    });
  });

  it('tells a framework that is not partition-aware TASK_LOST for an unreachable agent', async () => {
    fw = new TestFramework(cluster.masterAddress);
    await fw.start();
    const victim = (await cluster.state()).slaves.find((s) => s.attributes.index === 1)!;
    const offer = await fw.takeOffer((o) => o.agentId === victim.id);
    await fw.driver.launch(offer.id, [shellTask('lost', victim.id, 'sleep 300')]);
    await fw.waitForState('lost', 'TASK_RUNNING');
    await cluster.agents[1].process.kill9();
    await fw.waitForState('lost', 'TASK_LOST');
    expect(fw.statusesOf('lost')).not.toContain('TASK_UNREACHABLE');
    cluster.restartAgent(cluster.agents[1]);
    await cluster.waitForAgents(2);
  });

  it('lets a framework re-subscribe with its id after the master restarts, with its task still running', async () => {
    fw = new TestFramework(cluster.masterAddress, { failoverTimeoutMs: 120_000 });
    const id = await fw.start();
    const offer = await fw.takeOffer();
    await fw.driver.launch(offer.id, [shellTask('survivor', offer.agentId, 'sleep 300')]);
    await fw.waitForState('survivor', 'TASK_RUNNING');

    const agentIdsBefore = (await cluster.state()).slaves.map((s) => s.id).sort();
    await cluster.master.kill9();
    await cluster.startMaster();
    await waitFor(() => fw!.subscriptions >= 2, { timeoutMs: 20_000, description: 'the framework to re-subscribe' });
    expect(fw.frameworkId).toBe(id);
    const agentIdsAfter = (await cluster.waitForAgents(2)).slaves.map((s) => s.id).sort();
    const framework = await waitFor(async () => (await cluster.state()).frameworks.find((f) => f.id === id && f.tasks.some((t) => t.id === 'survivor')), {
      description: 'the master to learn the running task from its agent',
    });
    expect(framework.tasks.find((t) => t.id === 'survivor')?.state).toBe('TASK_RUNNING');
    expect(agentIdsAfter).toEqual(agentIdsBefore);

    const before = fw.updates.length;
    await fw.driver.reconcile([{ taskId: 'survivor' }]);
    const answer = await waitFor(() => fw!.updates.slice(before).find((u) => u.taskId === 'survivor'), { description: 'a reconciliation answer' });
    expect(answer.state).toBe('TASK_RUNNING');
    const next = await fw.takeOffer();
    await fw.driver.launch(next.id, [shellTask('after-restart', next.agentId, 'true')]);
    await fw.waitForState('after-restart', 'TASK_FINISHED');
    await fw.driver.kill('survivor');
    await fw.waitForState('survivor', 'TASK_KILLED');
  });

  it('delivers an update that happened while the master was down once it is back', async () => {
    fw = new TestFramework(cluster.masterAddress, { failoverTimeoutMs: 120_000 });
    await fw.start();
    const offer = await fw.takeOffer();
    await fw.driver.launch(offer.id, [shellTask('short', offer.agentId, 'sleep 1')]);
    await fw.waitForState('short', 'TASK_RUNNING');
    await cluster.master.kill9();
    await waitFor(
      async () => {
        const states = await Promise.all(cluster.agents.map((a) => cluster.agentState(a)));
        return states.some((s) => (s.tasks ?? []).some((t) => t.id === 'short' && t.state === 'TASK_FINISHED'));
      },
      { description: 'the task to finish on its agent while the master is down' },
    );
    expect(fw.statusesOf('short')).not.toContain('TASK_FINISHED');
    await cluster.startMaster();
    const finished = await fw.waitForState('short', 'TASK_FINISHED', 30_000);
    expect(finished.uuid).toBeDefined();
  });

  it('kills the tasks of a framework whose failover timeout elapses', async () => {
    fw = new TestFramework(cluster.masterAddress, { failoverTimeoutMs: 500 });
    const id = await fw.start();
    const offer = await fw.takeOffer();
    await fw.driver.launch(offer.id, [shellTask('orphan', offer.agentId, 'sleep 300')]);
    await fw.waitForState('orphan', 'TASK_RUNNING');
    await fw.stop();
    fw = undefined;
    await waitFor(async () => !(await cluster.state()).frameworks.some((f) => f.id === id), { description: 'the framework to be removed' });
    await waitFor(async () => {
      const all = await Promise.all(cluster.agents.map((a) => cluster.agentState(a)));
      return all.every((s) => !(s.tasks ?? []).some((t) => t.id === 'orphan' && t.state === 'TASK_RUNNING'));
    }, { description: 'the agent to kill the orphaned task' });
    const metrics = await cluster.metrics();
    expect(metrics['master/tasks_killed']).toBeGreaterThanOrEqual(1);
  });
});
