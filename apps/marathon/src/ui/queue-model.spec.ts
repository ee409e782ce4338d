import type { QueueItem } from './model';
import { delayText, reasonText, rejections } from './queue-model';

const base: QueueItem = { app: { id: '/web' }, count: 2, since: '2024-05-01T12:00:00.000Z', delay: { timeLeftSeconds: 0, overdue: true } };

describe('Marathon UI queue helpers', () => {
  it('lists the steps that declined the last offers, else those of the launch attempt', () => {
    const step = (reason: string, declined: number, processed: number) => ({ reason, declined, processed });
    const item: QueueItem = {
      ...base,
      processedOffersSummary: {
        processedOffersCount: 5,
        unusedOffersCount: 5,
        rejectSummaryLastOffers: [step('UnfulfilledRole', 0, 2), step('InsufficientCpus', 1, 2), step('InsufficientMemory', 1, 1)],
        rejectSummaryLaunchAttempt: [step('InsufficientCpus', 5, 5)],
      },
    };
    expect(rejections(item)).toEqual({ scope: 'last offers', steps: [step('InsufficientCpus', 1, 2), step('InsufficientMemory', 1, 1)] });
    const onlyAttempt = { ...item, processedOffersSummary: { ...item.processedOffersSummary!, rejectSummaryLastOffers: [step('InsufficientCpus', 0, 0)] } };
    expect(rejections(onlyAttempt)).toEqual({ scope: 'launch attempt', steps: [step('InsufficientCpus', 5, 5)] });
    expect(rejections(base)).toEqual({ scope: 'launch attempt', steps: [] });
  });

  it('names reasons and the delay as people read them', () => {
    expect([reasonText('InsufficientMemory'), reasonText('UnfulfilledConstraint'), reasonText('SomethingNew')]).toEqual(['Not enough memory', 'Placement constraints not met', 'SomethingNew']);
    expect(delayText({ ...base, delay: { timeLeftSeconds: 12, overdue: false } })).toBe('launch in 12 s');
    expect(delayText(base)).toBe('none');
  });
});
