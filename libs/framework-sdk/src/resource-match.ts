import { invalidArgument } from '@strato/errors';
import { Range, Ranges, Resources, Shortfall } from '@strato/resources';

/** The resources one task asks for, in Mesos units (cpus, MiB). */
export interface ResourceRequest {
  readonly cpus: number;
  readonly mem: number;
  readonly disk?: number;
  readonly gpus?: number;
  /** How many ports to take from the offer (any), or exactly these port numbers. */
  readonly ports?: number | readonly number[];
}

export type ResourceMatch =
  | { readonly ok: true; readonly resources: Resources; readonly ports: number[] }
  | { readonly ok: false; readonly shortfalls: Shortfall[] };

type Take = { readonly taken: Resources; readonly ports?: number[] } | { readonly shortfall: Shortfall };

const SCALARS = ['cpus', 'mem', 'disk', 'gpus'] as const;

/** Reserved resources first (they are the role's own), then unreserved. */
const rolesFor = (role: string): string[] => (role === '*' ? ['*'] : [role, '*']);

function shortfall(name: string, role: string, wanted: string, available: string): Shortfall {
  return { name, role, wanted, available, message: `${name}: wanted ${wanted}, available ${available}` };
}

function validate(request: ResourceRequest): void {
  for (const name of SCALARS) {
    const value = request[name] ?? 0;
    if (!Number.isFinite(value) || value < 0) throw invalidArgument(`${name} must be a non-negative number, got ${value}`);
  }
  const { ports } = request;
  if (typeof ports === 'number' && (!Number.isSafeInteger(ports) || ports < 0)) {
    throw invalidArgument(`ports must be a non-negative integer count, got ${ports}`);
  }
  if (Array.isArray(ports) && ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
    throw invalidArgument(`port numbers must be integers in 1..65535, got ${ports.join(',')}`);
  }
  if (Array.isArray(ports) && new Set(ports).size !== ports.length) {
    throw invalidArgument(`port numbers must not repeat, got ${ports.join(',')}`);
  }
}

/** Takes `amount` of scalar `name` from `available`, reserved to `role` first, then unreserved. */
function takeScalar(available: Resources, role: string, name: string, amount: number): Take {
  const wanted = Resources.scalar(name, amount);
  const usable = available.allocatableTo(role).filter((r) => r.name === name);
  const fit = usable.withRole('*').fits(wanted);
  if (!fit.ok) return { shortfall: shortfall(name, role, fit.shortfalls[0].wanted, fit.shortfalls[0].available) };
  if (role === '*') return { taken: wanted };
  const reserved = usable.reservedTo(role);
  const pooledReserved = reserved.withRole('*');
  if (pooledReserved.contains(wanted)) return { taken: wanted.withRole(role) };
  return { taken: reserved.add(wanted.subtract(pooledReserved)) };
}

function rangesOf(available: Resources, role: string): readonly Range[] {
  const value = available.get('ports', role);
  return value?.type === 'ranges' ? value.ranges : [];
}

const expand = (ranges: readonly Range[]): number[] =>
  ranges.flatMap((r) => Array.from({ length: r.end - r.begin + 1 }, (_, i) => r.begin + i));

function offeredPorts(available: Resources, role: string): Range[] {
  return rolesFor(role).reduce<Range[]>((all, r) => Ranges.add(all, rangesOf(available, r)), []);
}

/** The lowest `count` offered ports, reserved ones first. */
function takeAnyPorts(available: Resources, role: string, count: number): Take {
  let taken = Resources.EMPTY;
  const ports: number[] = [];
  let left = count;
  for (const r of rolesFor(role)) {
    const ranges = rangesOf(available, r);
    const n = Math.min(left, Ranges.count(ranges));
    const picked = Ranges.takeLowest(ranges, n) ?? [];
    taken = taken.add(Resources.ranges('ports', picked, r));
    ports.push(...expand(picked));
    left -= n;
  }
  if (left === 0) return { taken, ports };
  const offered = offeredPorts(available, role);
  return { shortfall: shortfall('ports', role, String(count), `${Ranges.count(offered)} ${Ranges.format(offered)}`) };
}

function takeGivenPorts(available: Resources, role: string, wanted: readonly number[]): Take {
  let taken = Resources.EMPTY;
  const missing: number[] = [];
  for (const port of wanted) {
    const single = [{ begin: port, end: port }];
    const owner = rolesFor(role).find((r) => Ranges.contains(rangesOf(available, r), single));
    if (owner === undefined) missing.push(port);
    else taken = taken.add(Resources.ranges('ports', single, owner));
  }
  if (missing.length === 0) return { taken, ports: [...wanted] };
  const offered = Ranges.format(offeredPorts(available, role));
  return { shortfall: shortfall('ports', role, `[${wanted.join(',')}]`, `${offered} (missing ${missing.join(',')})`) };
}

function takePorts(available: Resources, role: string, ports: number | readonly number[] | undefined): Take {
  if (ports === undefined || ports === 0) return { taken: Resources.EMPTY, ports: [] };
  return typeof ports === 'number' ? takeAnyPorts(available, role, ports) : takeGivenPorts(available, role, ports);
}

/**
 * What to take from `available` (what is left of an offer to `role`) for `request`, or every
 * resource that falls short and by how much. All quantities go through `@strato/resources`.
 */
export function matchResources(available: Resources, role: string, request: ResourceRequest): ResourceMatch {
  validate(request);
  const takes: Take[] = SCALARS.filter((name) => (request[name] ?? 0) > 0).map((name) =>
    takeScalar(available, role, name, request[name] ?? 0),
  );
  takes.push(takePorts(available, role, request.ports));
  const shortfalls = takes.flatMap((t) => ('shortfall' in t ? [t.shortfall] : []));
  if (shortfalls.length > 0) return { ok: false, shortfalls };
  const resources = takes.reduce((sum, t) => ('taken' in t ? sum.add(t.taken) : sum), Resources.EMPTY);
  const ports = takes.flatMap((t) => ('taken' in t ? (t.ports ?? []) : []));
  return { ok: true, resources, ports };
}
