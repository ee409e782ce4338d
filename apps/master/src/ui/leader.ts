// Whether this master's UI can show data itself or must send the browser to the leading master's UI
// (as Mesos' UI does on a non-leading master). Pure: no DOM, unit-tested.

/** The master's same-origin `/health` (answered by every master, leader or not). */
export interface HealthJson {
  healthy?: boolean;
  role?: string;
  /** `host:port` of the leading master's HTTP API; null while none is known. */
  leader?: string | null;
}

/**
 * `serve`: this master answers `/master/state` itself (leading, recovering, standalone, or its health
 * could not be read: the state request then says why). `redirect`: another master leads, go there.
 * `wait`: this master does not lead and knows no leader; keep asking.
 */
export type LeaderPlan =
  | { kind: 'serve'; role: string }
  | { kind: 'redirect'; role: string; leader: string; url: string }
  | { kind: 'wait'; role: string };

/** Seconds the banner counts down before the browser goes to the leader. */
export const REDIRECT_SECONDS = 5;

/** Roles of a master that answers `/master/state` from its own view (the others send it to the leader). */
const SERVING = new Set(['leading', 'recovering', 'standalone']);

/** `host:port` or `[v6]:port`, nothing that could turn the link into another scheme, path or user. */
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

/** `http://<leader>/` plus the page's hash route (`#/agents`); undefined for a malformed `leader`. */
export function leaderUrl(leader: string, hash = ''): string | undefined {
  if (!HOST_PORT.test(leader)) return undefined;
  return `http://${leader}/${hash.startsWith('#') && hash.length > 1 ? hash : ''}`;
}

/**
 * What the UI does on a master whose `/health` answered `health` (undefined: not read). `self` is the
 * page's `location.host`: a master never redirects to itself (no loop if it names itself the leader).
 */
export function leaderPlan(health: HealthJson | undefined, self: string, hash = ''): LeaderPlan {
  const role = typeof health?.role === 'string' ? health.role : 'unknown';
  if (!health || role === 'unknown' || SERVING.has(role)) return { kind: 'serve', role };
  const leader = typeof health.leader === 'string' ? health.leader : '';
  const url = leader && leader !== self ? leaderUrl(leader, hash) : undefined;
  return url ? { kind: 'redirect', role, leader, url } : { kind: 'wait', role };
}

/** The banner's opening: what this master is, in a sentence without its final stop. */
export function roleSentence(role: string): string {
  switch (role) {
    case 'standby':
      return 'This master is a standby';
    case 'lost':
      return 'This master has lost its leadership and is stopping';
    case 'stopped':
      return 'This master is stopping';
    default:
      return `This master is not the leader (${role})`;
  }
}

/** Whole seconds left of a countdown of `total` seconds started at `startedMs`, never below 0. */
export function secondsLeft(startedMs: number, nowMs: number, total = REDIRECT_SECONDS): number {
  return Math.max(0, total - Math.floor(Math.max(0, nowMs - startedMs) / 1000));
}
