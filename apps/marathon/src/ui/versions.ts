// The versions list of an app page: each stored version, and the JSON of the one clicked.
import { fill, formatTime, getJson, h } from '@strato/ui';
import { errorText } from './kit';
import { appUrl } from './model';

/** At most this many versions are listed (newest first). */
const SHOWN = 20;

export function versionsSection(id: string, refresh: () => void): { render(current: string): Promise<HTMLElement> } {
  let selected: string | undefined;
  const shown = new Map<string, unknown>();
  const detail = h('div');

  const open = async (version: string): Promise<void> => {
    selected = version;
    fill(detail, h('p', { class: 'muted' }, `Loading ${version}…`));
    try {
      shown.set(version, await getJson(appUrl(id, `/versions/${encodeURIComponent(version)}`)));
    } catch (error) {
      shown.set(version, { error: errorText(error) });
    }
    refresh();
  };

  return {
    async render(current: string): Promise<HTMLElement> {
      const { versions } = await getJson<{ versions: string[] }>(appUrl(id, '/versions'));
      const newest = [...versions].sort().reverse().slice(0, SHOWN);
      const items = newest.map((v) =>
        h(
          'li',
          null,
          h('button', { type: 'button', class: 'secondary', 'aria-pressed': String(v === selected), onclick: () => void open(v) }, formatTime(v)),
          v === current ? h('span', { class: 'muted' }, ' (current)') : null,
        ),
      );
      const json = selected === undefined ? undefined : shown.get(selected);
      if (selected !== undefined && json !== undefined) {
        fill(detail, h('h4', null, `Version ${selected}`), h('pre', { 'aria-label': `App definition of version ${selected}`, tabindex: 0 }, JSON.stringify(json, null, 2)));
      }
      return h(
        'section',
        { class: 'card' },
        h('h3', null, `Versions (${versions.length})`),
        versions.length > SHOWN ? h('p', { class: 'muted' }, `The newest ${SHOWN} are listed.`) : null,
        h('ul', { class: 'versions' }, items),
        detail,
      );
    },
  };
}
