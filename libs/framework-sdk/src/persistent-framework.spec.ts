import type { TaskStatus } from '@strato/domain';
import { waitFor } from '@strato/testing';
import { PersistentFramework, type FrameworkIdRecord, type FrameworkIdRecords, type PersistentFrameworkOptions } from './persistent-framework';
import { offerEvent, updateEvent } from './testing/driver-harness';
import { FakeMaster } from './testing/fake-master';

/** Records kept in memory; `log` says what was written and when the scheduler heard of it. */
class MemoryIds implements FrameworkIdRecords {
  readonly records = new Map<string, FrameworkIdRecord>();
  constructor(readonly log: string[]) {}
  async get(key: string): Promise<FrameworkIdRecord | undefined> {
    return this.records.get(key);
  }
  async put(key: string, value: FrameworkIdRecord): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.log.push(`put ${key} ${value.frameworkId}`);
    this.records.set(key, value);
  }
}

const lines: { level: string; obj: object; msg?: string }[] = [];
const logger = {
  debug: () => undefined,
  info: (obj: object, msg?: string) => lines.push({ level: 'info', obj, msg }),
  warn: (obj: object, msg?: string) => lines.push({ level: 'warn', obj, msg }),
  error: (obj: object, msg?: string) => lines.push({ level: 'error', obj, msg }),
};

describe('PersistentFramework', () => {
  let master: FakeMaster;
  const links: PersistentFramework[] = [];
  beforeEach(async () => {
    master = await FakeMaster.start(0);
    lines.length = 0;
  });
  afterEach(async () => {
    await Promise.all(links.splice(0).map((l) => l.stop()));
    await master.close();
  });

  const link = async (ids: FrameworkIdRecords, log: string[], extra: Partial<PersistentFrameworkOptions> = {}) => {
    const created = await PersistentFramework.create({
      master: master.address,
      framework: { name: 'test-framework', user: 'tester', failoverTimeoutMs: 60_000, webuiUrl: 'http://here:1' },
      ids,
      logger,
      label: 'Tester',
      scheduler: {
        offers: (offers) => log.push(`offers ${offers.map((o) => o.id).join(',')}`),
        updates: (statuses: readonly TaskStatus[]) => log.push(`updates ${statuses.map((s) => s.taskId).join(',')}`),
        rescinded: (offerId) => log.push(`rescinded ${offerId}`),
        subscribed: () => log.push('subscribed'),
      },
      ...extra,
    });
    links.push(created);
    return created;
  };

  it('persists a new framework id before the scheduler hears of the subscription, then passes events on', async () => {
    const log: string[] = [];
    const ids = new MemoryIds(log);
    const fw = await link(ids, log);
    expect(fw.frameworkId).toBeUndefined();
    await fw.start();
    await waitFor(() => log.includes('subscribed'), { description: 'subscribed' });
    expect(log).toEqual(['put id fw-1', 'subscribed']);
    expect(fw.frameworkId).toBe('fw-1');
    expect(fw.master?.id).toBe('master-1');
    expect(master.subscribes[0].frameworkInfo).toMatchObject({ id: '', name: 'test-framework', webuiUrl: 'http://here:1' });
    expect(lines).toContainEqual({ level: 'info', obj: { frameworkId: 'fw-1', master: expect.any(String), reconnected: false }, msg: 'registered with the master' });
    master.emit(offerEvent({ id: 'o1' }));
    master.emit({ $case: 'rescind', value: { offerId: 'o1' } });
    master.emit(updateEvent('t1', 'TASK_RUNNING'));
    await waitFor(() => log.length === 5, { description: 'events' });
    expect(log.slice(2)).toEqual(['offers o1', 'rescinded o1', 'updates t1']);
  });

  it('re-attaches with the saved id and does not write it again', async () => {
    const log: string[] = [];
    const ids = new MemoryIds(log);
    ids.records.set('id', { frameworkId: 'fw-old' });
    const fw = await link(ids, log);
    expect(fw.frameworkId).toBe('fw-old');
    await fw.start();
    await waitFor(() => log.includes('subscribed'), { description: 'subscribed' });
    expect(master.subscribes[0].frameworkInfo?.id).toBe('fw-old');
    expect(log).toEqual(['subscribed']);
  });

  it('logs a refusal with the label', async () => {
    master.refuseSubscribeWith = 'framework has been removed';
    const fw = await link(new MemoryIds([]), []);
    await fw.start().catch(() => undefined);
    await waitFor(() => lines.some((l) => l.level === 'error'), { description: 'error line' });
    expect(lines).toContainEqual({ level: 'error', obj: { message: 'framework has been removed' }, msg: 'the master refused Tester' });
  });
});
