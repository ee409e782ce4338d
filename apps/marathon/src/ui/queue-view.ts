// `#/queue`: apps waiting to launch instances, their backoff delay and why offers were not used.
import { badge, details, fill, formatTime, getJson, h, request, table } from '@strato/ui';
import { act, liveSection, notice, type View } from './kit';
import { API, appHref, isDelayed, sortById, type QueueItem } from './model';
import { delayText, reasonText, rejections } from './queue-model';

export function queueView(view: HTMLElement, status: HTMLElement): View {
  const out = notice();
  const body = h('div');
  fill(view, h('h2', null, 'Launch queue'), h('p', { class: 'muted' }, 'Apps with instances to launch, and why the offers they saw did not fit.'), out, body);
  const handle = liveSection(body, status, async (el) => {
    const { queue } = await getJson<{ queue: QueueItem[] }>(`${API}/queue`);
    const items = sortById(queue.map((item) => ({ id: item.app.id, item }))).map((x) => x.item);
    if (items.length === 0) return fill(el, h('p', { class: 'muted' }, 'No app waits to launch.'));
    fill(el, items.map((item) => entry(item, out, () => void handle.refresh())));
  });
  return handle;
}

function entry(item: QueueItem, out: HTMLElement, refresh: () => void): HTMLElement {
  const s = item.processedOffersSummary;
  const { scope, steps } = rejections(item);
  const delayed = isDelayed(item);
  return h(
    'section',
    { class: 'card' },
    h('h3', null, h('a', { href: appHref(item.app.id) }, item.app.id), ' ', delayed ? badge('delayed', 'warn') : badge('waiting for offers', 'info')),
    details([
      ['Instances to launch', String(item.count)],
      ['Queued since', formatTime(item.since)],
      ['Backoff delay', delayText(item)],
      ['Role', item.role ?? '—'],
      ['Offers processed / unused', s ? `${s.processedOffersCount} / ${s.unusedOffersCount}` : '—'],
      ['Last offer used', formatTime(s?.lastUsedOfferAt)],
      ['Last offer declined', formatTime(s?.lastUnusedOfferAt)],
    ]),
    delayed
      ? h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', onclick: (e: Event) => void act(out, e.currentTarget as HTMLButtonElement, `Reset the delay of ${item.app.id}`, () => request('DELETE', `${API}/queue${item.app.id}/delay`), refresh) }, 'Reset delay'),
        )
      : null,
    table(`Why offers were not used (${scope})`, ['Reason', 'Offers declined', 'Offers checked'], steps.map((step) => [reasonText(step.reason), String(step.declined), String(step.processed)]), 'No offer was declined.'),
    table('Last unused offer of each agent', ['Agent', 'Reasons', 'At'], (item.lastUnusedOffers ?? []).map((o) => [o.offer.hostname, o.reason.map(reasonText).join('; '), formatTime(o.timestamp)]), 'None.'),
  );
}
