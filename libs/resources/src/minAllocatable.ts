import { ResourceParseError } from './errors';
import { ResourceQuantities } from './quantities';
import { Resources } from './resources';

/** Mesos `--min_allocatable_resources` default: `cpus:0.01|mem:32`. */
export const DEFAULT_MIN_ALLOCATABLE: readonly ResourceQuantities[] = Object.freeze([
  ResourceQuantities.of({ cpus: 0.01 }),
  ResourceQuantities.of({ mem: 32 }),
]);

/**
 * Parses `--min_allocatable_resources`: '|'-separated alternatives, each a ';'-separated list of
 * unreserved scalars, e.g. "cpus:0.01|mem:32" or "cpus:1;mem:128|gpus:1".
 */
export function parseMinAllocatable(text: string): ResourceQuantities[] {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new ResourceParseError("invalid min allocatable resources '': expected e.g. 'cpus:0.01|mem:32'");
  }
  return text.split('|').map((alt) => {
    const r = Resources.parse(alt);
    if (r.isEmpty()) {
      throw new ResourceParseError(`invalid min allocatable resources '${text}': empty alternative '${alt.trim()}'`);
    }
    for (const e of r.toList()) {
      if (e.role !== '*' || e.value.type !== 'scalar') {
        throw new ResourceParseError(
          `invalid min allocatable resources '${text}': '${alt.trim()}' must hold only unreserved scalars`,
        );
      }
    }
    return r.quantities();
  });
}

/** True when `r` holds at least one of the `minimums` alternatives (Mesos `allocatable` check). */
export function isAllocatable(r: Resources, minimums: readonly ResourceQuantities[] = DEFAULT_MIN_ALLOCATABLE): boolean {
  if (r.isEmpty()) return false;
  const q = r.quantities();
  return minimums.length === 0 || minimums.some((m) => m.containedInQuantities(q));
}
