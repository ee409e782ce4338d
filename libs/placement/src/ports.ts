import { Ranges, Resources } from '@strato/resources';
import type { Range } from '@strato/resources';
import type { MatchOptions, PlacementRequest } from './request';

export type PortsPick =
  | { readonly ok: true; readonly resources: Resources; readonly hostPorts: readonly number[] }
  | { readonly ok: false; readonly message: string };

/** Free port ranges per accepted role, in the order ports are taken. */
type RolePorts = { readonly role: string; ranges: Range[] };

/**
 * Picks the host ports of one instance from the usable `ports`: the fixed ones first (each from the first role that
 * offers it), then the dynamic ones, lowest first or from a random start (see `MatchOptions.random`).
 */
export function pickPorts(
  request: Pick<PlacementRequest, 'ports' | 'fixedPorts'>,
  usable: Resources,
  roles: readonly string[],
  options: MatchOptions = {},
): PortsPick {
  const slots = request.fixedPorts ?? new Array<number>(request.ports).fill(0);
  const free: RolePorts[] = roles.map((role) => ({ role, ranges: portsOf(usable, role) }));
  const taken = new Map<string, Range[]>();
  const problems = takeFixed(slots.filter((p) => p !== 0), free, taken);
  const dynamicCount = slots.filter((p) => p === 0).length;
  const dynamic = takeDynamic(dynamicCount, free, taken, options.random);
  if (dynamic === undefined) {
    const left = Ranges.count(free.flatMap((f) => f.ranges));
    const what = slots.length === dynamicCount ? '' : ' dynamic';
    problems.push(`wanted ${dynamicCount}${what} port${dynamicCount > 1 ? 's' : ''}, offered ${left}`);
  }
  if (problems.length > 0 || dynamic === undefined) return { ok: false, message: problems.join('; ') };
  return { ok: true, resources: portResources(taken), hostPorts: fillSlots(slots, dynamic) };
}

function portsOf(usable: Resources, role: string): Range[] {
  const v = usable.get('ports', role);
  return v?.type === 'ranges' ? [...v.ranges] : [];
}

function takeFixed(ports: readonly number[], free: RolePorts[], taken: Map<string, Range[]>): string[] {
  const missing: number[] = [];
  for (const port of ports) {
    const want = [{ begin: port, end: port }];
    const from = free.find((f) => Ranges.contains(f.ranges, want));
    if (from === undefined) {
      missing.push(port);
      continue;
    }
    takeFrom(free, from.role, want, taken);
  }
  if (missing.length === 0) return [];
  const all = Ranges.count(free.flatMap((f) => f.ranges)) === 0 ? 'no free ports' : formatFree(free);
  return [`host port${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not available (free: ${all})`];
}

function formatFree(free: readonly RolePorts[]): string {
  return free
    .filter((f) => f.ranges.length > 0)
    .map((f) => (f.role === '*' ? Ranges.format(f.ranges) : `${Ranges.format(f.ranges)}(${f.role})`))
    .join(' ');
}

/** Takes `n` ports, in segments: from the random start upwards role by role, then wrapping to the ports below it. */
function takeDynamic(n: number, free: RolePorts[], taken: Map<string, Range[]>, random?: () => number): number[] | undefined {
  if (n === 0) return [];
  const union = Ranges.normalize(free.flatMap((f) => f.ranges));
  const total = Ranges.count(union);
  if (total < n) return undefined;
  const start = random === undefined ? 0 : nthPort(union, Math.min(total - 1, Math.floor(random() * total)));
  const below: Range[] = start === 0 ? [] : [{ begin: 0, end: start - 1 }];
  const picked: number[] = [];
  for (const lowPart of [false, true]) {
    for (const f of free) {
      const segment = lowPart ? Ranges.subtract(f.ranges, Ranges.subtract(f.ranges, below)) : Ranges.subtract(f.ranges, below);
      const want = Math.min(n - picked.length, Ranges.count(segment));
      if (want === 0) continue;
      const got = Ranges.takeLowest(segment, want)!;
      takeFrom(free, f.role, got, taken);
      picked.push(...expand(got));
    }
  }
  return picked;
}

/**
 * Records `ports` as taken from `role`. They leave every role's free ranges: one host port can be used once even if
 * an offer (oddly) lists it under two roles.
 */
function takeFrom(free: RolePorts[], role: string, ports: Range[], taken: Map<string, Range[]>): void {
  for (const f of free) f.ranges = Ranges.subtract(f.ranges, ports);
  taken.set(role, Ranges.add(taken.get(role) ?? [], ports));
}

/** The k-th (0-based) port of normalized ranges. */
function nthPort(ranges: readonly Range[], k: number): number {
  const first = Ranges.takeLowest(ranges, k + 1)!;
  return first[first.length - 1].end;
}

function expand(ranges: readonly Range[]): number[] {
  const out: number[] = [];
  for (const r of ranges) for (let p = r.begin; p <= r.end; p++) out.push(p);
  return out;
}

function fillSlots(slots: readonly number[], dynamic: readonly number[]): number[] {
  let next = 0;
  return slots.map((p) => (p === 0 ? dynamic[next++] : p));
}

function portResources(taken: ReadonlyMap<string, Range[]>): Resources {
  let out = Resources.EMPTY;
  for (const [role, ranges] of taken) out = out.add(Resources.ranges('ports', ranges, role));
  return out;
}
