import { ResourceQuantities } from '@strato/resources';
import { ShareBasis } from './share';
import type { Sorter, SorterKind } from './sorter';
import { DrfSorter } from './sorter-drf';
import { RandomSorter } from './sorter-random';
import type { AllocateOptions, AllocationSnapshot, AllocatorFramework } from './snapshot';

/** The two levels of sorting for one cycle: roles, then the frameworks of each role. */
export interface CycleSorters {
  readonly roles: Sorter;
  /** Role -> the sorter of that role's frameworks. */
  readonly frameworks: ReadonlyMap<string, Sorter>;
}

/**
 * Loads the snapshot into fresh sorters. Every framework is a client of each role it subscribed
 * to, deactivated there when it is inactive or suppressed that role (so `sort()` never returns
 * it, but its allocation still counts). A role's allocation is the sum of its frameworks', and a
 * role without an active framework is deactivated.
 */
export function buildSorters(snapshot: AllocationSnapshot, options: AllocateOptions = {}): CycleSorters {
  const basis = new ShareBasis(snapshot.totals, options.excludedFromShares);
  const roles = newSorter(options.roleSorter ?? 'drf', basis, snapshot.random);
  const frameworkKind = options.frameworkSorter ?? 'drf';
  const frameworks = new Map<string, Sorter>();
  const roleAllocations = new Map<string, ResourceQuantities>();
  for (const fw of snapshot.frameworks) {
    for (const role of fw.roles) {
      let sorter = frameworks.get(role);
      if (sorter === undefined) frameworks.set(role, (sorter = newSorter(frameworkKind, basis, snapshot.random)));
      addFramework(sorter, fw, role);
    }
    for (const [role, quantities] of fw.allocated) {
      roleAllocations.set(role, (roleAllocations.get(role) ?? ResourceQuantities.EMPTY).add(quantities));
    }
  }
  const allRoles = new Set([...frameworks.keys(), ...roleAllocations.keys()]);
  for (const role of allRoles) {
    roles.add(role, snapshot.roleWeights?.get(role) ?? 1);
    const allocation = roleAllocations.get(role);
    if (allocation !== undefined && !allocation.isEmpty()) roles.allocated(role, allocation);
    if ((frameworks.get(role)?.activeCount() ?? 0) === 0) roles.deactivate(role);
  }
  return { roles, frameworks };
}

function addFramework(sorter: Sorter, fw: AllocatorFramework, role: string): void {
  sorter.add(fw.id);
  const allocation = fw.allocated.get(role);
  if (allocation !== undefined && !allocation.isEmpty()) sorter.allocated(fw.id, allocation);
  if (!fw.active || fw.suppressedRoles.has(role)) sorter.deactivate(fw.id);
}

function newSorter(kind: SorterKind, basis: ShareBasis, random: (() => number) | undefined): Sorter {
  if (kind === 'drf') return new DrfSorter(basis);
  if (random === undefined) throw new Error("allocator: the 'random' sorter needs snapshot.random");
  return new RandomSorter(random);
}
