/**
 * What can reach HAProxy ahead of a reload. When the next config needs one (a frontend added, a backend's
 * options or slot count changed), the tasks that can go into slots HAProxy already has need not wait for it,
 * nor for `--min-reload-interval`: the running config with just those slots changed has the running structure,
 * so runtime commands apply it now, and the reload brings the rest later.
 */
import { slotCommands } from './plan';
import { MemoEntry, memoOf, Rendered, withLazyStructure, withMemo } from './render';

export interface Interim {
  /** The running config with what of `next` fits its slots; the same `structure` as the running one. */
  readonly rendered: Rendered;
  /** The runtime commands that get HAProxy there. */
  readonly commands: string[];
}

/**
 * The membership changes of `next` that the running config `current` can take without a reload, or undefined
 * when there are none (or either config was not made by `renderConfig`, whose pieces this reassembles). A backend
 * qualifies when its frontend and options are unchanged and its slots are the running ones, or grew from them:
 * then the running slots take what `next` puts in them, and tasks in the new slots wait for the reload.
 */
export function interimConfig(current: Rendered | undefined, next: Rendered): Interim | undefined {
  const before = current && memoOf(current);
  const after = memoOf(next);
  if (!current || !before || !after || before.templates.some((t, i) => t !== after.templates[i])) return undefined;
  const commands: string[] = [];
  const services = new Map<string, MemoEntry>();
  const backends = new Map(current.backends);
  for (const [name, entry] of before.services) {
    const moved = after.services.get(name);
    const merged = moved && moved.slots !== entry.slots ? withRunningSlots(entry, moved) : undefined;
    if (!merged) {
      services.set(name, entry);
      continue;
    }
    for (let i = 0; i < merged.slots.length; i++) commands.push(...slotCommands(name, entry.slots[i], merged.slots[i]));
    services.set(name, merged);
    backends.set(name, merged.slots);
  }
  if (commands.length === 0) return undefined;
  const text = before.head + [...services.values()].map((e) => e.parts.backend).join('');
  const rendered = withMemo(withLazyStructure(text, backends, current.problems, () => current.structure), { ...before, services });
  return { rendered, commands };
}

/**
 * The running service `a` with what `b` puts in its slots, or undefined when `b` changes more than membership
 * there: its frontend, its backend up to the last running slot beyond the slot values, or the running slots' names.
 */
function withRunningSlots(a: MemoEntry, b: MemoEntry): MemoEntry | undefined {
  const n = a.slots.length;
  if (n === 0 || b.slots.length < n || a.parts.frontend !== b.parts.frontend) return undefined;
  for (let i = 0; i < n; i++) if (a.slots[i].slot !== b.slots[i].slot) return undefined;
  if (b.parts.backendStructure.slice(0, b.parts.structureEnds[n - 1]) !== a.parts.backendStructure) return undefined;
  if (b.slots.length === n) return { ...a, servers: b.servers, slots: b.slots, parts: { ...a.parts, backend: b.parts.backend, serverEnds: b.parts.serverEnds } };
  const slots = b.slots.slice(0, n);
  const serverEnds = b.parts.serverEnds.slice(0, n);
  // What the slots hold: a later render reuses this entry only for exactly these servers.
  const held = new Set(slots.map((s) => (s.enabled ? `${s.address}:${s.port}` : '')));
  const servers = b.servers.filter((s) => held.has(`${s.address}:${s.port}`));
  return { ...a, servers, slots, parts: { ...a.parts, backend: b.parts.backend.slice(0, serverEnds[n - 1]), serverEnds } };
}
