import { DEFAULT_MIN_ALLOCATABLE, isAllocatable, type ResourceQuantities, type Resources } from '@strato/resources';

/**
 * Whether `resources` are worth offering (Mesos `isAllocatable`): not empty, and containing at
 * least one of the `minAllocatable` quantity sets (summed over roles). An empty list accepts
 * anything non-empty. The comparison itself is `@strato/resources`'.
 */
export function allocatable(
  resources: Resources,
  minAllocatable: readonly ResourceQuantities[] = DEFAULT_MIN_ALLOCATABLE,
): boolean {
  return isAllocatable(resources, minAllocatable);
}
