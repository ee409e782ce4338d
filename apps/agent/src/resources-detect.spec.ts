import { tempDir } from '@strato/testing';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { agentResources, detectedDiskMb, detectedMemMb, probeHost } from './resources-detect';

const host = { cpus: 8, memTotalMb: 16_384, diskTotalMb: 100_000 };

describe('agentResources', () => {
  it('detects cpus, mem (total - 1 GB), disk (total - 5 GB) and ports [31000-32000]', () => {
    const r = agentResources(host, undefined);
    expect(r.toString()).toBe('cpus:8;mem:15360;disk:94880;ports:[31000-32000]');
  });

  it('halves small memory and disk like Mesos', () => {
    expect(detectedMemMb(1500)).toBe(750);
    expect(detectedMemMb(2048)).toBe(1024);
    expect(detectedDiskMb(8000)).toBe(4000);
    expect(detectedDiskMb(10_240)).toBe(5120);
    expect(detectedMemMb(0)).toBe(0);
  });

  it('lets --resources override the names it gives and detects the rest', () => {
    const r = agentResources(host, 'cpus:2;ports:[8000-8010];gpus:1');
    expect(r.cpus()).toBe(2);
    expect(r.mem()).toBe(15_360);
    expect(r.gpus()).toBe(1);
    expect(r.ports()).toEqual([{ begin: 8000, end: 8010 }]);
  });

  it('accepts the Mesos JSON form', () => {
    const r = agentResources(host, '[{"name":"mem","type":"SCALAR","scalar":{"value":512}}]');
    expect(r.mem()).toBe(512);
    expect(r.cpus()).toBe(8);
  });

  it('gives detected resources the default role and keeps reserved ones given', () => {
    const r = agentResources(host, 'cpus(web):1', 'batch');
    expect(r.toString()).toBe('mem(batch):15360;disk(batch):94880;ports(batch):[31000-32000];cpus(web):1');
  });

  it('rejects invalid --resources', () => {
    expect(() => agentResources(host, 'cpus:abc')).toThrow();
  });
});

describe('probeHost', () => {
  it('measures the filesystem of the nearest existing parent of the work dir', () => {
    const dir = tempDir('strato-agent-probe-');
    try {
      const facts = probeHost(join(dir, 'not', 'yet', 'there'));
      expect(facts.cpus).toBeGreaterThan(0);
      expect(facts.memTotalMb).toBeGreaterThan(0);
      expect(facts.diskTotalMb).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
