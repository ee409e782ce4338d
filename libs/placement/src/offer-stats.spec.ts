import { declinedOfferSteps, OfferMatchStats } from './offer-stats';
import { offer } from './test-fixtures';
import type { MatchResult } from './request';
import type { NoOfferMatchReason } from './types';
import { Resources } from '@strato/resources';

const used: MatchResult = { ok: true, resources: Resources.parse('cpus:1'), hostPorts: [] };
const unused = (...reasons: NoOfferMatchReason[]): MatchResult => ({
  ok: false,
  reasons: reasons.map((reason) => ({ reason, message: 'x' })),
});
const T0 = Date.UTC(2024, 0, 2, 3, 4, 5);

describe('OfferMatchStats', () => {
  it('starts empty, listing all eight reasons in funnel order', () => {
    expect(new OfferMatchStats().summary()).toEqual({
      processedOffersCount: 0,
      unusedOffersCount: 0,
      rejectSummaryLastOffers: [
        'UnsupportedContainerType', 'UnfulfilledRole', 'UnfulfilledConstraint', 'InsufficientCpus', 'InsufficientMemory',
        'InsufficientDisk', 'InsufficientGpus', 'InsufficientPorts',
      ].map((reason) => ({ reason, declined: 0, processed: 0 })),
      rejectSummaryLaunchAttempt: expect.any(Array),
      lastUnusedOffers: [],
    });
  });

  it('counts processed and unused offers with ISO timestamps from the injected clock', () => {
    const stats = new OfferMatchStats();
    stats.record(unused('InsufficientCpus'), offer({ agentId: 'a1' }), T0);
    stats.record(used, offer({ agentId: 'a2' }), T0 + 1000);
    stats.record(unused('InsufficientMemory'), offer({ agentId: 'a3' }), T0 + 2000);
    const s = stats.summary();
    expect(s.processedOffersCount).toBe(3);
    expect(s.unusedOffersCount).toBe(2);
    expect(s.lastUsedOfferAt).toBe('2024-01-02T03:04:06.000Z');
    expect(s.lastUnusedOfferAt).toBe('2024-01-02T03:04:07.000Z');
  });

  it('counts each unused offer once, under its first reason in the funnel', () => {
    const stats = new OfferMatchStats();
    stats.record(unused('InsufficientCpus', 'UnfulfilledConstraint'), offer({ agentId: 'a1' }), T0);
    stats.record(unused('InsufficientCpus', 'InsufficientMemory'), offer({ agentId: 'a2' }), T0);
    stats.record(unused('InsufficientPorts'), offer({ agentId: 'a3' }), T0);
    stats.record(used, offer({ agentId: 'a4' }), T0);
    const steps = stats.summary().rejectSummaryLaunchAttempt;
    expect(steps).toEqual([
      { reason: 'UnsupportedContainerType', declined: 0, processed: 4 },
      { reason: 'UnfulfilledRole', declined: 0, processed: 4 },
      { reason: 'UnfulfilledConstraint', declined: 1, processed: 4 },
      { reason: 'InsufficientCpus', declined: 1, processed: 3 },
      { reason: 'InsufficientMemory', declined: 0, processed: 2 },
      { reason: 'InsufficientDisk', declined: 0, processed: 2 },
      { reason: 'InsufficientGpus', declined: 0, processed: 2 },
      { reason: 'InsufficientPorts', declined: 1, processed: 2 },
    ]);
  });

  it('summarizes the last offers over the last unused offer of each agent', () => {
    const stats = new OfferMatchStats();
    stats.record(unused('InsufficientCpus'), offer({ agentId: 'a1' }), T0);
    stats.record(unused('UnfulfilledRole'), offer({ agentId: 'a1' }), T0 + 1);
    stats.record(unused('InsufficientCpus'), offer({ agentId: 'a2' }), T0 + 2);
    const steps = stats.summary().rejectSummaryLastOffers;
    expect(steps[1]).toEqual({ reason: 'UnfulfilledRole', declined: 1, processed: 2 });
    expect(steps[3]).toEqual({ reason: 'InsufficientCpus', declined: 1, processed: 1 });
  });

  it('lists the last unused offers newest first, one per agent, bounded', () => {
    const stats = new OfferMatchStats({ lastUnusedOffersLimit: 3 });
    for (let i = 0; i < 5; i++) stats.record(unused('InsufficientDisk'), offer({ agentId: `a${i}`, hostname: `h${i}` }), T0 + i);
    stats.record(unused('InsufficientGpus', 'UnfulfilledRole'), offer({ id: 'o-new', agentId: 'a1', hostname: 'h1' }), T0 + 10);
    const last = stats.summary().lastUnusedOffers;
    expect(last.map((u) => u.offer.agentId)).toEqual(['a1', 'a4', 'a3']);
    expect(last[0]).toEqual({
      offer: { id: 'o-new', agentId: 'a1', hostname: 'h1' },
      reason: ['UnfulfilledRole', 'InsufficientGpus'],
      timestamp: '2024-01-02T03:04:05.010Z',
    });
  });

  it('defaults to the last 10 unused offers', () => {
    const stats = new OfferMatchStats();
    for (let i = 0; i < 15; i++) stats.record(unused('InsufficientCpus'), offer({ agentId: `a${i}` }), T0 + i);
    expect(stats.summary().lastUnusedOffers).toHaveLength(10);
    expect(stats.summary().rejectSummaryLastOffers[3]).toEqual({ reason: 'InsufficientCpus', declined: 15, processed: 15 });
  });

  it('counts an offer rejected for its container type under UnsupportedContainerType first', () => {
    const stats = new OfferMatchStats();
    stats.record(unused('InsufficientCpus', 'UnsupportedContainerType'), offer({ agentId: 'a1' }), T0);
    stats.record(unused('UnsupportedContainerType'), offer({ agentId: 'a2' }), T0);
    expect(stats.summary().rejectSummaryLastOffers[0]).toEqual({ reason: 'UnsupportedContainerType', declined: 2, processed: 2 });
  });

  it('forgets the oldest agents beyond the tracking limit', () => {
    const stats = new OfferMatchStats({ trackedAgentsLimit: 2 });
    for (let i = 0; i < 4; i++) stats.record(unused('InsufficientCpus'), offer({ agentId: `a${i}` }), T0 + i);
    expect(stats.summary().lastUnusedOffers.map((u) => u.offer.agentId)).toEqual(['a3', 'a2']);
    expect(stats.summary().rejectSummaryLastOffers[0].processed).toBe(2);
  });
});

describe('declinedOfferSteps', () => {
  it('passes on what each step did not decline', () => {
    const steps = declinedOfferSteps(10, new Map([['UnfulfilledRole', 3], ['InsufficientMemory', 2]]));
    expect(steps.map((s) => [s.declined, s.processed])).toEqual([[0, 10], [3, 10], [0, 7], [0, 7], [2, 7], [0, 5], [0, 5], [0, 5]]);
  });
});
