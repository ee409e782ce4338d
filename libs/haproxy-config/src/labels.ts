/** Reading marathon-lb's app labels: app-wide `HAPROXY_<NAME>` and per service port `HAPROXY_{n}_<NAME>`. */

export type Labels = Readonly<Record<string, string>>;

/** Label names by name and port index, built once: looking a label up by a fresh string costs a hash every time. */
const labelNames = new Map<string, string[]>();

export function portLabel(labels: Labels, index: number, name: string): string | undefined {
  let byIndex = labelNames.get(name);
  if (!byIndex) labelNames.set(name, (byIndex = []));
  return labels[(byIndex[index] ??= `HAPROXY_${index}_${name}`)];
}

/** marathon-lb reads flags as "present and equal to true" (case-insensitive). */
export const isTrue = (value: string | undefined): boolean => value?.trim().toLowerCase() === 'true';

/** Comma-separated list, trimmed, empties dropped. */
export const commaList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** The groups of one port: `HAPROXY_{n}_GROUP` wins over the app's `HAPROXY_GROUP`. */
export function portGroups(labels: Labels, index: number): string[] {
  return commaList(portLabel(labels, index, 'GROUP') ?? labels['HAPROXY_GROUP']);
}

/** marathon-lb's `has_group`: `*` serves everything, even apps without a group. */
export function inGroups(wanted: readonly string[], groups: readonly string[]): boolean {
  return wanted.includes('*') || groups.some((g) => wanted.includes(g));
}

export function parseInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*-?\d+\s*$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}

/** Backend names as marathon-lb: leading slash dropped, `/` → `_`. */
export const cleanAppId = (appId: string): string => appId.replace(/^\/+/, '').replace(/\//g, '_');

/**
 * Per-port template overrides: every `HAPROXY_{index}_<NAME>` label whose `HAPROXY_<NAME>` is a known
 * per-port template. Windows line ends are normalised as marathon-lb does.
 */
export function portTemplates(labels: Labels, index: number, perPortNames: ReadonlySet<string>): Record<string, string> {
  const prefix = `HAPROXY_${index}_`;
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels)) {
    if (!key.startsWith(prefix)) continue;
    const name = `HAPROXY_${key.slice(prefix.length)}`;
    if (perPortNames.has(name)) out[name] = labels[key].replace(/\r\n/g, '\n');
  }
  return out;
}
