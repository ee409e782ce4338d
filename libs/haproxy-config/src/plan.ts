/**
 * How to get HAProxy from the running config to the next one: nothing, runtime-API commands on server
 * slots (when only slot addresses, ports or states differ), or a reload (anything else).
 */
import type { Rendered } from './render';
import { EMPTY_SLOT_ADDRESS, EMPTY_SLOT_PORT, memoOf } from './render';
import type { SlotAssignment } from './slots';

export type ApplyPlan = { kind: 'none' } | { kind: 'runtime'; commands: string[] } | { kind: 'reload'; reason: string };

export function planApply(current: Rendered | undefined, next: Rendered): ApplyPlan {
  if (!current) return { kind: 'reload', reason: 'no running config' };
  if (current.text === next.text) return { kind: 'none' };
  if (!sameStructure(current, next)) return { kind: 'reload', reason: structuralChange(current, next) };
  const commands = runtimeCommands(current, next);
  // Only masked values differ, yet no slot did: a template shows slot data we do not track. Reload to be safe.
  if (commands === undefined || commands.length === 0) return { kind: 'reload', reason: 'server lines changed outside the slots' };
  return { kind: 'runtime', commands };
}

/**
 * `a.structure === b.structure`, from the pieces when both came from `renderConfig`: the same head and, in order,
 * the same masked backends; a backend a render reused is the very same string, so this is cheap.
 */
function sameStructure(a: Rendered, b: Rendered): boolean {
  const x = memoOf(a);
  const y = memoOf(b);
  if (!x || !y) return a.structure === b.structure;
  if (x.head !== y.head || x.services.size !== y.services.size) return false;
  const others = y.services.values();
  for (const entry of x.services.values()) {
    if (entry.parts.backendStructure !== others.next().value?.parts.backendStructure) return false;
  }
  return true;
}

/** HAProxy 2.6 runtime-API commands (one per line on the admin socket), or undefined when slots do not line up. */
function runtimeCommands(current: Rendered, next: Rendered): string[] | undefined {
  if (current.backends.size !== next.backends.size) return undefined;
  const commands: string[] = [];
  for (const [backend, slots] of next.backends) {
    const before = current.backends.get(backend);
    if (before === slots) continue; // renderConfig reuses an unchanged backend's slots
    if (!before || before.length !== slots.length) return undefined;
    for (let i = 0; i < slots.length; i++) {
      if (before[i].slot !== slots[i].slot) return undefined;
      commands.push(...slotCommands(backend, before[i], slots[i]));
    }
  }
  return commands;
}

/**
 * A slot being filled gets its address (and check port) before `state ready`; a slot being emptied goes to
 * `maint` first, then back to the dummy address the config file renders, so runtime state and file agree.
 */
export function slotCommands(backend: string, before: SlotAssignment, after: SlotAssignment): string[] {
  const server = `${backend}/${after.slot}`;
  const commands: string[] = [];
  if (after.enabled) {
    if (!before.enabled || before.address !== after.address || before.port !== after.port) {
      commands.push(`set server ${server} addr ${after.address} port ${after.port}`);
    }
    if (after.checkPort !== undefined && (!before.enabled || before.checkPort !== after.checkPort)) {
      commands.push(`set server ${server} check-port ${after.checkPort}`);
    }
    if (!before.enabled) commands.push(`set server ${server} state ready`);
  } else if (before.enabled) {
    commands.push(`set server ${server} state maint`);
    commands.push(`set server ${server} addr ${EMPTY_SLOT_ADDRESS} port ${EMPTY_SLOT_PORT}`);
    if (before.checkPort !== undefined) commands.push(`set server ${server} check-port ${EMPTY_SLOT_PORT}`);
  }
  return commands;
}

/** A short reason for the log: which section was added, removed or changed. */
function structuralChange(current: Rendered, next: Rendered): string {
  const before = sections(current.structure);
  const after = sections(next.structure);
  for (const name of after.keys()) if (!before.has(name)) return `${name} added`;
  for (const name of before.keys()) if (!after.has(name)) return `${name} removed`;
  for (const [backend, slots] of next.backends) {
    const previous = current.backends.get(backend);
    if (previous && previous.length !== slots.length) {
      return `backend ${backend}: ${slots.length} server slots (was ${previous.length})`;
    }
  }
  for (const [name, text] of after) if (before.get(name) !== text) return `${name} changed`;
  return 'section order changed';
}

/** Sections keyed by their header line (`backend web_10000`); a section runs until the next unindented line. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let name = '(top)';
  let body: string[] = [];
  const flush = () => {
    if (body.length > 0 || name !== '(top)') out.set(uniqueKey(out, name), body.join('\n'));
  };
  for (const line of text.split('\n')) {
    if (/^[a-z]/.test(line)) {
      flush();
      name = line.trim().split(/\s+/).slice(0, 2).join(' ');
      body = [];
    } else if (line.trim() !== '') {
      body.push(line);
    }
  }
  flush();
  return out;
}

function uniqueKey(map: ReadonlyMap<string, string>, name: string): string {
  let key = name;
  for (let i = 2; map.has(key); i++) key = `${name} (${i})`;
  return key;
}
