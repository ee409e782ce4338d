import { tempDir } from '@strato/testing';
import { readdirSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, pointLatest } from './sandbox';

describe('sandboxes', () => {
  let workDir: string;
  beforeEach(() => (workDir = tempDir('strato-sandbox-')));
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  it('creates the Mesos layout and points runs/latest at the newest run, leaving no temporary links', async () => {
    const c = { agentId: 'a1', frameworkId: 'fw', executorId: 'task.1' };
    const first = await createSandbox(workDir, { ...c, containerId: 'c1' });
    const runs = join(workDir, 'slaves', 'a1', 'frameworks', 'fw', 'executors', 'task.1', 'runs');
    expect(first).toBe(join(runs, 'c1'));
    expect(readlinkSync(join(runs, 'latest'))).toBe('c1');
    await createSandbox(workDir, { ...c, containerId: 'c2' });
    expect(readlinkSync(join(runs, 'latest'))).toBe('c2');
    await pointLatest(runs, 'c1');
    expect(readlinkSync(join(runs, 'latest'))).toBe('c1');
    expect(readdirSync(runs).sort()).toEqual(['c1', 'c2', 'latest']);
  });
});
