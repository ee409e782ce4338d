import { processGroupAlive, waitFor } from '@strato/testing';
import { join } from 'node:path';
import { TestCluster } from './support/cluster';
import { shellTask, TestFramework } from './support/framework';
import { readIfExists, sandboxOf } from './support/sandbox';

describe('tasks on a real cluster', () => {
  let cluster: TestCluster;
  let fw: TestFramework;

  beforeAll(async () => {
    cluster = await TestCluster.start({ agents: 1 });
    fw = new TestFramework(cluster.masterAddress, { capabilities: ['PARTITION_AWARE'] });
    await fw.start();
  });

  afterAll(async () => {
    await fw?.stop();
    await cluster?.stop();
  });

  it('kills a task with TASK_KILLED within the grace period and leaves no process behind', async () => {
    const offer = await fw.takeOffer();
    await fw.driver.launch(offer.id, [shellTask('sleeper', offer.agentId, 'echo $$ > pid; sleep 100 & sleep 100 & wait', 'cpus:0.1;mem:32', { killGracePeriodMs: 2000 })]);
    await fw.waitForState('sleeper', 'TASK_RUNNING');
    const pidFile = await waitFor(() => {
      const sandbox = sandboxOf(cluster.agents[0].workDir, fw.frameworkId!, 'sleeper');
      const text = sandbox && readIfExists(join(sandbox, 'pid'));
      return text?.trim() ? Number(text.trim()) : undefined;
    }, { description: 'the task to write its pid' });
    expect(processGroupAlive(pidFile)).toBe(true);
    const started = Date.now();
    await fw.driver.kill('sleeper', offer.agentId);
    const killed = await fw.waitForState('sleeper', 'TASK_KILLED');
    expect(Date.now() - started).toBeLessThan(2000 + 2500);
    expect(killed.source).toBe('SOURCE_EXECUTOR');
    await waitFor(() => !processGroupAlive(pidFile), { timeoutMs: 3000, description: 'the process group to be gone' });
  });

  it('reports a failing command as TASK_FAILED with its exit code', async () => {
    const offer = await fw.takeOffer();
    await fw.driver.launch(offer.id, [shellTask('fails', offer.agentId, 'echo oops >&2; exit 7')]);
    const failed = await fw.waitForState('fails', 'TASK_FAILED');
    expect(failed.exitCode).toBe(7);
    expect(failed.message).toMatch(/status 7/);
    const sandbox = sandboxOf(cluster.agents[0].workDir, fw.frameworkId!, 'fails')!;
    expect(readIfExists(join(sandbox, 'stderr'))).toContain('oops');
  });

  it('answers bad calls with a clear status and keeps serving', async () => {
    const offer = await fw.takeOffer();
    await fw.driver.launch(offer.id, [
      shellTask('too-big', offer.agentId, 'true', 'cpus:64;mem:32'),
      shellTask('ok-1', offer.agentId, 'sleep 30'),
      shellTask('ok-1', offer.agentId, 'true'),
    ]);
    const tooBig = await fw.waitForState('too-big', 'TASK_ERROR');
    expect(tooBig.message).toMatch(/more resources than offered: cpus\(\*\): wanted 64/);
    expect(tooBig.reason).toBe('REASON_TASK_INVALID');
    await fw.waitForState('ok-1', 'TASK_RUNNING');
    const duplicate = await fw.waitForState('ok-1', 'TASK_ERROR');
    expect(duplicate.message).toBe('Task has duplicate ID: ok-1');

    await fw.driver.launch('no-such-offer', [shellTask('ghost', offer.agentId, 'true')]);
    const dropped = await fw.waitForState('ghost', 'TASK_DROPPED');
    expect(dropped.reason).toBe('REASON_INVALID_OFFERS');
    expect(dropped.message).toMatch(/Offer no-such-offer is no longer valid/);

    await fw.driver.launch(offer.id, [shellTask('reused', offer.agentId, 'true')]);
    await fw.waitForState('reused', 'TASK_DROPPED');

    const health = await fetch(`${cluster.masterUrl}/health`);
    expect(health.status).toBe(200);
    const next = await fw.takeOffer();
    await fw.driver.launch(next.id, [shellTask('after', next.agentId, 'true')]);
    await fw.waitForState('after', 'TASK_FINISHED');
    await fw.driver.kill('ok-1');
    await fw.waitForState('ok-1', 'TASK_KILLED');
  });

  it('reconciles unknown tasks: gone on a known agent, unknown on an unknown one', async () => {
    const agentId = (await cluster.state()).slaves[0].id;
    await fw.driver.reconcile([{ taskId: 'never-launched', agentId }, { taskId: 'nowhere', agentId: 'no-such-agent' }]);
    const gone = await fw.waitForState('never-launched', 'TASK_GONE');
    expect(gone.reason).toBe('REASON_RECONCILIATION');
    expect(gone.uuid).toBeUndefined();
    await fw.waitForState('nowhere', 'TASK_UNKNOWN');
  });

  it('answers implicit reconciliation with the latest state of every live task', async () => {
    const offer = await fw.takeOffer();
    await fw.driver.launch(offer.id, [shellTask('live', offer.agentId, 'sleep 30')]);
    await fw.waitForState('live', 'TASK_RUNNING');
    const before = fw.updates.length;
    await fw.driver.reconcile();
    await waitFor(() => fw.updates.slice(before).find((u) => u.taskId === 'live' && u.reason === 'REASON_RECONCILIATION'), {
      description: 'an implicit reconciliation answer',
    });
    await fw.driver.kill('live');
    await fw.waitForState('live', 'TASK_KILLED');
  });
});
