/**
 * Pre-allocated server slots (our improvement over marathon-lb, which reloads on every membership change):
 * each backend declares a fixed number of named servers, so a task coming or going is a runtime-API
 * `set server` on a slot instead of a reload.
 */
import type { Server } from './types';

/** What one named server of a backend points at. An empty slot is rendered `disabled` on a dummy address. */
export interface SlotAssignment {
  /** Server name in HAProxy: `<backend>_s<k>`. */
  slot: string;
  address?: string;
  port?: number;
  /** Health-check port, when the service checks another port than the one it routes to. */
  checkPort?: number;
  /** Task id, for logs; plays no part in the config. */
  taskId?: string;
  enabled: boolean;
}

const MIN_SLOTS = 4;

export const slotName = (backend: string, index: number): string => `${backend}_s${index}`;

const nextPowerOfTwo = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/**
 * Power of two ≥ max(4, servers), where `servers` counts the servers expected as well as those present. A backend keeps its previous, larger capacity while the servers fit and
 * it is at most 4× what they need, so scaling down and back up stays a runtime update, while the output
 * still converges to the minimal capacity (the same on every LB instance) after a big shrink.
 */
export function slotCapacity(servers: number, previous?: number): number {
  const needed = nextPowerOfTwo(Math.max(MIN_SLOTS, servers));
  if (previous !== undefined && servers <= previous && previous <= 4 * needed) return previous;
  return needed;
}

/**
 * Servers keep the slot they had in `previous` (matched by address and port); new servers take the
 * lowest free slots. `hasCheckPort` makes every filled slot carry a check port (its own port by default).
 */
export function assignSlots(
  backend: string,
  servers: readonly Server[],
  previous: readonly SlotAssignment[] | undefined,
  hasCheckPort: boolean,
  expected = 0,
): SlotAssignment[] {
  const capacity = slotCapacity(Math.max(servers.length, expected), previous?.length);
  const placed: (Server | undefined)[] = new Array(capacity).fill(undefined);
  const slotOf = previousSlots(previous, capacity);
  const unplaced: Server[] = [];
  for (const server of servers) {
    const index = slotOf(server);
    if (index !== undefined && placed[index] === undefined) placed[index] = server;
    else unplaced.push(server);
  }
  let free = 0;
  for (const server of unplaced) {
    while (placed[free] !== undefined) free++;
    placed[free] = server;
  }
  return placed.map((server, i) => toAssignment(slotName(backend, i), server, hasCheckPort));
}

/** Slots searched one by one up to this many; a map beyond (building its keys costs more for small backends). */
const LINEAR_SEARCH_MAX = 32;

/** The slot a server had in `previous` (by address and port), if it is below `capacity`. */
function previousSlots(previous: readonly SlotAssignment[] | undefined, capacity: number): (server: Server) => number | undefined {
  if (!previous || previous.length === 0) return () => undefined;
  const last = Math.min(previous.length, capacity);
  if (last <= LINEAR_SEARCH_MAX) {
    // From the end: with duplicates in `previous`, the map below keeps the last index too.
    return (server) => {
      for (let i = last - 1; i >= 0; i--) {
        const s = previous[i];
        if (s.enabled && s.address !== undefined && s.address === server.address && s.port === server.port) return i;
      }
      return undefined;
    };
  }
  const index = new Map<string, number>();
  for (let i = 0; i < last; i++) {
    const s = previous[i];
    if (s.enabled && s.address !== undefined) index.set(`${s.address}:${s.port}`, i);
  }
  return (server) => index.get(`${server.address}:${server.port}`);
}

function toAssignment(slot: string, server: Server | undefined, hasCheckPort: boolean): SlotAssignment {
  if (!server) return { slot, enabled: false };
  return {
    slot,
    address: server.address,
    port: server.port,
    checkPort: hasCheckPort ? (server.checkPort ?? server.port) : undefined,
    taskId: server.taskId,
    enabled: true,
  };
}
