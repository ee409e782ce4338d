import { Resources } from '@strato/resources';
import { matchOffer } from './match';
import { c, offer, placed, request } from './test-fixtures';
import type { MatchResult } from './request';

function reasonsOf(result: MatchResult) {
  return result.ok ? [] : result.reasons;
}

describe('matchOffer', () => {
  it('matches and returns exactly what to launch with', () => {
    const result = matchOffer(request({ cpus: 1.5, mem: 256, disk: 10, ports: 2 }), offer(), []);
    expect(result).toEqual({
      ok: true,
      resources: Resources.parse('cpus:1.5;mem:256;disk:10;ports:[31000-31001]'),
      hostPorts: [31000, 31001],
    });
  });

  it.each([
    ['cpus', { cpus: 5 }, 'InsufficientCpus', 'wanted 5, offered 4'],
    ['mem', { mem: 4096.5 }, 'InsufficientMemory', 'wanted 4096.5, offered 4096'],
    ['disk', { disk: 2000 }, 'InsufficientDisk', 'wanted 2000, offered 1000'],
    ['gpus', { gpus: 1 }, 'InsufficientGpus', 'wanted 1, offered 0'],
    ['ports', { ports: 11 }, 'InsufficientPorts', 'wanted 11 ports, offered 10'],
  ])('%s shortfall', (_name, over, reason, message) => {
    expect(reasonsOf(matchOffer(request(over), offer(), []))).toEqual([{ reason, message }]);
  });

  it('collects every failing reason, in pipeline order', () => {
    const req = request({
      cpus: 8, mem: 8192, disk: 5000, gpus: 2, ports: 20, role: 'web',
      constraints: [c('hostname', 'UNIQUE'), c('rack', 'CLUSTER', 'r1')],
    });
    const result = matchOffer(req, offer({ agentId: 'a1', attributes: 'rack:r2' }), [placed('x', { agentId: 'a1' })]);
    expect(reasonsOf(result).map((r) => r.reason)).toEqual([
      'UnfulfilledRole', 'InsufficientCpus', 'InsufficientMemory', 'InsufficientDisk', 'InsufficientGpus',
      'InsufficientPorts', 'UnfulfilledConstraint',
    ]);
    expect(reasonsOf(result)[6].message).toBe(
      "UNIQUE hostname: agent 'a1' already runs instance x; CLUSTER rack:r1: offer has rack r2",
    );
  });

  it('skips scalars the app does not need', () => {
    expect(matchOffer(request({ cpus: 0.1, mem: 0 }), offer({ resources: 'cpus:0.1' }), []).ok).toBe(true);
  });

  describe('roles', () => {
    const mixed = offer({ resources: 'cpus:1;mem:512;cpus(web):2;mem(web):512;ports(web):[80-81]', role: 'web' });

    it('uses resources reserved to the app role first, then unreserved', () => {
      const result = matchOffer(request({ cpus: 2.5, mem: 600, role: 'web' }), mixed, []);
      expect(result.ok && result.resources.toString()).toBe('cpus:0.5;mem:88;cpus(web):2;mem(web):512');
    });

    it('acceptedResourceRoles ["*"] uses only unreserved resources', () => {
      const result = matchOffer(request({ cpus: 1.5, role: 'web', acceptedResourceRoles: ['*'] }), mixed, []);
      expect(reasonsOf(result)).toEqual([{ reason: 'InsufficientCpus', message: 'wanted 1.5, offered 1' }]);
    });

    it('acceptedResourceRoles [role] uses only reserved resources', () => {
      const result = matchOffer(request({ cpus: 2, mem: 512, ports: 2, role: 'web', acceptedResourceRoles: ['web'] }), mixed, []);
      expect(result).toEqual({ ok: true, resources: Resources.parse('cpus(web):2;mem(web):512;ports(web):[80-81]'), hostPorts: [80, 81] });
    });

    it('rejects an offer with no resources of an accepted role', () => {
      const reserved = offer({ resources: 'cpus(web):2;mem(web):512', role: 'web' });
      const result = matchOffer(request({ role: 'web', acceptedResourceRoles: ['*'] }), reserved, []);
      expect(reasonsOf(result)).toContainEqual({
        reason: 'UnfulfilledRole',
        message: 'offer has no resources for accepted roles *; it has roles web',
      });
    });

    it('rejects an offer allocated to another role', () => {
      const result = matchOffer(request({ role: 'web' }), offer({ role: 'batch' }), []);
      expect(reasonsOf(result)).toEqual([
        { reason: 'UnfulfilledRole', message: "offer is allocated to role 'batch', app role is 'web'" },
      ]);
    });

    it('defaults to the app role and unreserved', () => {
      const result = matchOffer(request({ cpus: 3, mem: 1024, role: 'web' }), mixed, []);
      expect(result.ok).toBe(true);
    });
  });

  describe('ports', () => {
    const o = offer({ resources: 'cpus:4;mem:4096;ports:[80-80,443-443,31000-31002]' });

    it('takes fixed host ports that are offered', () => {
      const result = matchOffer(request({ fixedPorts: [443, 80] }), o, []);
      expect(result).toEqual({ ok: true, resources: Resources.parse('cpus:1;mem:128;ports:[80-80,443-443]'), hostPorts: [443, 80] });
    });

    it('rejects fixed host ports that are not offered', () => {
      expect(reasonsOf(matchOffer(request({ fixedPorts: [80, 8080, 9090] }), o, []))).toEqual([
        { reason: 'InsufficientPorts', message: 'host ports 8080, 9090 not available (free: [443-443,31000-31002])' },
      ]);
    });

    it('fills 0 entries of fixed ports dynamically, avoiding the fixed ones', () => {
      const result = matchOffer(request({ fixedPorts: [0, 80, 0] }), o, []);
      expect(result.ok && result.hostPorts).toEqual([443, 80, 31000]);
    });

    it('ignores the dynamic count when fixed ports are given', () => {
      const result = matchOffer(request({ ports: 5, fixedPorts: [80] }), o, []);
      expect(result.ok && result.hostPorts).toEqual([80]);
    });

    it('says how many dynamic ports are left after the fixed ones', () => {
      const tight = offer({ resources: 'cpus:4;mem:4096;ports:[80-81]' });
      expect(reasonsOf(matchOffer(request({ fixedPorts: [80, 0, 0] }), tight, []))).toEqual([
        { reason: 'InsufficientPorts', message: 'wanted 2 dynamic ports, offered 1' },
      ]);
    });

    it('picks the lowest free dynamic ports without a random source', () => {
      const result = matchOffer(request({ ports: 3 }), o, []);
      expect(result.ok && result.hostPorts).toEqual([80, 443, 31000]);
    });

    it('starts at a random free port and wraps around with a random source', () => {
      const result = matchOffer(request({ ports: 3 }), o, [], { random: () => 0.7 });
      // 5 free ports, start at index floor(0.7 * 5) = 3 -> 31001
      expect(result.ok && result.hostPorts).toEqual([31001, 31002, 80]);
      expect(result.ok && result.resources.ports()).toEqual([{ begin: 80, end: 80 }, { begin: 31001, end: 31002 }]);
    });

    it('survives a random source that returns 1', () => {
      const result = matchOffer(request({ ports: 1 }), o, [], { random: () => 1 });
      expect(result.ok && result.hostPorts).toEqual([31002]);
    });

    it('needs no ports when none are asked for', () => {
      expect(matchOffer(request({ ports: 0 }), offer({ resources: 'cpus:1;mem:128' }), []).ok).toBe(true);
    });
  });
});

describe('matchOffer with a port listed under two roles', () => {
  it('uses each host port once', () => {
    const o = offer({ resources: 'cpus:1;mem:128;ports:[1-2];ports(web):[1-1]' });
    const result = matchOffer(request({ cpus: 0, mem: 0, ports: 2, acceptedResourceRoles: ['*', 'web'] }), o, []);
    expect(result.ok && result.hostPorts).toEqual([1, 2]);
    expect(result.ok && result.resources.toString()).toBe('ports:[2-2];ports(web):[1-1]');
  });
});
