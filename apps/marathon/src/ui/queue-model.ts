// Pure helpers of the queue page: why a queued app's offers were declined, and its delay.
import type { QueueItem, RejectStep } from './model';

/** Marathon's offer rejection reasons, as a person reads them. */
export const REASON_TEXT: Readonly<Record<string, string>> = {
  UnsupportedContainerType: 'Container type not supported by the agent',
  UnfulfilledRole: 'Offer is for another role',
  UnfulfilledConstraint: 'Placement constraints not met',
  InsufficientCpus: 'Not enough CPUs',
  InsufficientMemory: 'Not enough memory',
  InsufficientDisk: 'Not enough disk',
  InsufficientGpus: 'Not enough GPUs',
  InsufficientPorts: 'Not enough ports',
};

export function reasonText(reason: string): string {
  return REASON_TEXT[reason] ?? reason;
}

/**
 * The steps that declined offers of the latest round (the last offer of each agent), or of the whole launch
 * attempt when that round declined none; steps that declined nothing are left out.
 */
export function rejections(item: QueueItem): { scope: 'last offers' | 'launch attempt'; steps: RejectStep[] } {
  const s = item.processedOffersSummary;
  const last = (s?.rejectSummaryLastOffers ?? []).filter((step) => step.declined > 0);
  if (last.length > 0) return { scope: 'last offers', steps: last };
  return { scope: 'launch attempt', steps: (s?.rejectSummaryLaunchAttempt ?? []).filter((step) => step.declined > 0) };
}

/** `launch in 12 s` while the backoff holds, else `none`. */
export function delayText(item: QueueItem): string {
  return !item.delay.overdue && item.delay.timeLeftSeconds > 0 ? `launch in ${item.delay.timeLeftSeconds} s` : 'none';
}
