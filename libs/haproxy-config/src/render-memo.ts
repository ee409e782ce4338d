/**
 * What lets a render reuse the previous one's pieces: a service is rendered again only when its data,
 * its templates or its servers (and so its slots) changed. Comparisons are structural and cheap.
 */
import type { Server, Service } from './types';
import { DEFAULT_TEMPLATES, PER_PORT_TEMPLATE_NAMES, Templates } from './templates';
import type { SlotAssignment } from './slots';

/** Services render from the per-port templates only (the others are `assemble`'s). */
export function serviceTemplates(templates: Templates): string[] {
  return [...PER_PORT_TEMPLATE_NAMES].map((name) => templates[name] ?? DEFAULT_TEMPLATES[name]);
}

/**
 * The same servers in the same order, what `assignSlots` reads of them included, and in strictly increasing
 * (address, port) order: with a duplicate, assigning again could move one of the pair.
 */
export function sameServers(a: readonly Server[], b: readonly Server[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.address !== y.address || x.port !== y.port || x.checkPort !== y.checkPort || x.taskId !== y.taskId) return false;
    if (i > 0) {
      const p = b[i - 1];
      if (!(p.address < y.address || (p.address === y.address && p.port < y.port))) return false;
    }
  }
  return true;
}

/** Same rendered values (task ids are not rendered). */
export function sameSlots(a: readonly SlotAssignment[], b: readonly SlotAssignment[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.slot !== y.slot || x.address !== y.address || x.port !== y.port || x.checkPort !== y.checkPort || x.enabled !== y.enabled) {
      return false;
    }
  }
  return true;
}

/** A service as plain data, for comparison. */
export type Data = Record<string, unknown>;
const isData = (v: unknown): v is Data => typeof v === 'object' && v !== null;

/**
 * The own keys of a copy made by `copyData`/`serviceData`, in order: kept on the copy so comparing it against a
 * fresh object allocates nothing (`Object.keys` on both sides, for 1,000 services per render, fed the GC).
 */
const KEYS = Symbol('keys');
type Copy = Data & { [KEYS]?: readonly string[] };

/** Every field but the servers, deeply and in key order (an override list is rendered in its key order). */
export function sameService(copy: Data, service: Service): boolean {
  return sameFields(copy as Copy, service as unknown as Data, 'servers');
}

/** `b`'s own keys, but `skip`, are the copy's keys in the same order, with the same values. */
function sameFields(copy: Copy, b: Data, skip?: string): boolean {
  const keys = copy[KEYS] ?? Object.keys(copy);
  let i = 0;
  for (const key in b) {
    if (key === skip) continue;
    if (keys[i++] !== key || !sameData(copy[key], b[key])) return false;
  }
  return i === keys.length;
}

function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isData(a) || !isData(b)) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  return sameFields(a, b);
}

/** A deep copy without the servers, so a caller changing a service in place cannot make the memo lie. */
export function serviceData(service: Service): Data {
  return copyFields(service as unknown as Data, 'servers');
}

function copyData(value: unknown): unknown {
  if (!isData(value)) return value;
  if (Array.isArray(value)) return value.map(copyData);
  return copyFields(value);
}

function copyFields(value: Data, skip?: string): Copy {
  const out: Copy = {};
  const keys = Object.keys(value).filter((k) => k !== skip);
  for (const key of keys) out[key] = copyData(value[key]);
  out[KEYS] = keys;
  return out;
}
