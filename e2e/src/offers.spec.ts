import { waitFor } from '@strato/testing';
import { FAST_MASTER_FLAGS, TestCluster } from './support/cluster';
import { TestFramework } from './support/framework';

describe('offers on a real cluster', () => {
  let cluster: TestCluster;
  let fw: TestFramework;

  beforeAll(async () => {
    cluster = await TestCluster.start({ agents: 1, masterFlags: [...FAST_MASTER_FLAGS, '--offer_timeout=1secs'] });
    fw = new TestFramework(cluster.masterAddress);
    await fw.start();
  });

  afterAll(async () => {
    await fw?.stop();
    await cluster?.stop();
  });

  it('rescinds an offer held past --offer_timeout and offers the resources again', async () => {
    const held = await fw.takeOffer();
    await waitFor(() => fw.rescinded.includes(held.id), { timeoutMs: 5000, description: 'the held offer to be rescinded' });
    const again = await fw.takeOffer((o) => o.agentId === held.agentId);
    expect(again.id).not.toBe(held.id);
    expect(again.resources.equals(held.resources)).toBe(true);
    await fw.driver.decline(again.id, { refuseMs: 0 });
  });

  it('does not offer declined resources again within refuse_seconds, until REVIVE', async () => {
    const offer = await fw.takeOffer();
    fw.offers.clear();
    await fw.driver.decline(offer.id, { refuseMs: 60_000 });
    const runsBefore = (await cluster.metrics())['allocator/mesos/allocation_runs'];
    await waitFor(async () => (await cluster.metrics())['allocator/mesos/allocation_runs'] >= runsBefore + 5, {
      description: 'several allocation cycles',
    });
    expect(fw.offers.size).toBe(0);
    await fw.driver.revive();
    const revived = await fw.takeOffer();
    expect(revived.agentId).toBe(offer.agentId);
    await fw.driver.decline(revived.id, { refuseMs: 0 });
  });

  it('sends no offers while suppressed and offers again after REVIVE', async () => {
    await fw.driver.suppress();
    for (const id of [...fw.offers.keys()]) await fw.driver.decline(id, { refuseMs: 0 });
    fw.offers.clear();
    const runsBefore = (await cluster.metrics())['allocator/mesos/allocation_runs'];
    await waitFor(async () => (await cluster.metrics())['allocator/mesos/allocation_runs'] >= runsBefore + 5, {
      description: 'several allocation cycles',
    });
    expect(fw.offers.size).toBe(0);
    const state = await cluster.state();
    expect(state.frameworks.find((f) => f.id === fw.frameworkId)).toMatchObject({ suppressed_roles: ['*'] });
    await fw.driver.revive();
    await fw.takeOffer();
  });
});
