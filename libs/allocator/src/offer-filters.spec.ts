import { OfferFilters, refuseMs, type OfferFilterSpec } from './offer-filters';
import { res } from './test-fixtures';

const AGENT_RES = res('cpus:4;mem:4096;ports:[31000-31009]');

function decline(filters: OfferFilters, over: Partial<OfferFilterSpec> = {}): boolean {
  return filters.add({
    frameworkId: 'f1',
    agentId: 'a1',
    role: '*',
    refused: AGENT_RES,
    now: 0,
    allocationIntervalMs: 1000,
    ...over,
  });
}

describe('refuseMs', () => {
  it.each([
    [undefined, 5000],
    [-1, 5000],
    [Number.NaN, 5000],
    [0, 0],
    [2.5, 2500],
    [31_536_000, 31_536_000_000],
    [99_999_999, 31_536_000_000],
    [Number.POSITIVE_INFINITY, 31_536_000_000],
  ])('refuse_seconds %p -> %p ms', (seconds, ms) => {
    expect(refuseMs(seconds)).toBe(ms);
  });
});

describe('OfferFilters', () => {
  let filters: OfferFilters;
  beforeEach(() => {
    filters = new OfferFilters();
  });

  it('filters for 5 s by default', () => {
    expect(decline(filters)).toBe(true);
    expect(filters.isFiltered('f1', 'a1', '*', AGENT_RES, 4999)).toBe(true);
    expect(filters.isFiltered('f1', 'a1', '*', AGENT_RES, 5000)).toBe(false);
  });

  it('caps the refusal at 365 days', () => {
    decline(filters, { refuseSeconds: 1e12 });
    expect(filters.isFiltered('f1', 'a1', '*', AGENT_RES, 31_536_000_000 - 1)).toBe(true);
    expect(filters.isFiltered('f1', 'a1', '*', AGENT_RES, 31_536_000_000)).toBe(false);
  });

  it('installs nothing for refuse_seconds 0 or nothing refused', () => {
    expect(decline(filters, { refuseSeconds: 0 })).toBe(false);
    expect(decline(filters, { refused: res('') })).toBe(false);
    expect(filters.count()).toBe(0);
    expect(filters.isFiltered('f1', 'a1', '*', AGENT_RES, 0)).toBe(false);
  });

  it('never lapses before one allocation interval', () => {
    decline(filters, { refuseSeconds: 0.5, allocationIntervalMs: 3000, now: 10_000 });
    expect(filters.isFiltered('f1', 'a1', '*', AGENT_RES, 12_999)).toBe(true);
    expect(filters.isFiltered('f1', 'a1', '*', AGENT_RES, 13_000)).toBe(false);
    decline(filters, { agentId: 'a2', refuseSeconds: 10, allocationIntervalMs: 3000, now: 10_000 });
    expect(filters.isFiltered('f1', 'a2', '*', AGENT_RES, 19_999)).toBe(true);
  });

  it('holds only while the agent offers no more than was refused', () => {
    decline(filters, { refused: res('cpus:2;mem:1024;ports:[31000-31004]') });
    const check = (text: string): boolean => filters.isFiltered('f1', 'a1', '*', res(text), 1);
    expect(check('cpus:2;mem:1024;ports:[31000-31004]')).toBe(true);
    expect(check('cpus:1;mem:512')).toBe(true);
    expect(check('cpus:3;mem:1024')).toBe(false);
    expect(check('cpus:2;mem:1024;ports:[31000-31005]')).toBe(false);
    expect(check('cpus:2;disk:10')).toBe(false);
  });

  it('is kept per framework, agent and role', () => {
    decline(filters);
    expect(filters.isFiltered('f2', 'a1', '*', AGENT_RES, 1)).toBe(false);
    expect(filters.isFiltered('f1', 'a2', '*', AGENT_RES, 1)).toBe(false);
    expect(filters.isFiltered('f1', 'a1', 'web', AGENT_RES, 1)).toBe(false);
  });

  it('applies when any of several refusals covers the offer', () => {
    decline(filters, { refused: res('cpus:1;mem:4096'), refuseSeconds: 100 });
    decline(filters, { refused: res('cpus:4;mem:1'), refuseSeconds: 1 });
    expect(filters.count()).toBe(2);
    expect(filters.isFiltered('f1', 'a1', '*', res('cpus:3'), 500)).toBe(true);
    expect(filters.isFiltered('f1', 'a1', '*', res('cpus:3'), 1000)).toBe(false);
    expect(filters.isFiltered('f1', 'a1', '*', res('mem:4000'), 99_000)).toBe(true);
  });

  it('REVIVE clears all filters of the framework, or only those of some roles', () => {
    for (const role of ['*', 'web', 'db']) decline(filters, { role });
    decline(filters, { frameworkId: 'f2' });
    expect(filters.clear('f1', ['web'])).toBe(1);
    expect(filters.isFiltered('f1', 'a1', 'web', AGENT_RES, 1)).toBe(false);
    expect(filters.isFiltered('f1', 'a1', 'db', AGENT_RES, 1)).toBe(true);
    expect(filters.clear('f1')).toBe(2);
    expect(filters.isFiltered('f1', 'a1', '*', AGENT_RES, 1)).toBe(false);
    expect(filters.isFiltered('f2', 'a1', '*', AGENT_RES, 1)).toBe(true);
    expect(filters.count()).toBe(1);
    expect(filters.clear('nobody')).toBe(0);
  });

  it('drops the filters of a removed framework or agent', () => {
    decline(filters);
    decline(filters, { agentId: 'a2' });
    decline(filters, { frameworkId: 'f2', agentId: 'a2' });
    expect(filters.removeAgent('a2')).toBe(2);
    expect(filters.isFiltered('f1', 'a1', '*', AGENT_RES, 1)).toBe(true);
    expect(filters.removeFramework('f1')).toBe(1);
    expect(filters.count()).toBe(0);
  });

  it('expire drops exactly the filters that have lapsed', () => {
    decline(filters, { refuseSeconds: 1 });
    decline(filters, { role: 'web', refuseSeconds: 10 });
    decline(filters, { agentId: 'a2', refuseSeconds: 1 });
    expect(filters.expire(999)).toBe(0);
    expect(filters.expire(1000)).toBe(2);
    expect(filters.count()).toBe(1);
    expect(filters.isFiltered('f1', 'a1', 'web', AGENT_RES, 1000)).toBe(true);
    expect(filters.expire(10_000)).toBe(1);
    expect(filters.count()).toBe(0);
  });
});
