// Builders shared by this lib's specs and the benchmark (not part of the public API).
import { ResourceQuantities, Resources } from '@strato/resources';
import type { AllocationSnapshot, AllocatorAgent, AllocatorFramework } from './snapshot';

/** Resources from Mesos text. */
export const res = (text: string): Resources => Resources.parse(text);

/** Quantities from Mesos text. */
export const qty = (text: string): ResourceQuantities => Resources.parse(text).quantities();

export function agent(id: string, available: string | Resources, active = true): AllocatorAgent {
  return { id, hostname: `${id}.example`, available: typeof available === 'string' ? res(available) : available, active };
}

export interface FrameworkSpec {
  roles?: readonly string[];
  suppressed?: readonly string[];
  active?: boolean;
  /** role -> Mesos text of what the framework holds in that role. */
  allocated?: Record<string, string>;
  minAllocatable?: Record<string, readonly ResourceQuantities[]>;
}

export function framework(id: string, spec: FrameworkSpec = {}): AllocatorFramework {
  const allocated = new Map(Object.entries(spec.allocated ?? {}).map(([role, text]) => [role, qty(text)] as const));
  return {
    id,
    roles: spec.roles ?? ['*'],
    suppressedRoles: new Set(spec.suppressed ?? []),
    active: spec.active ?? true,
    allocated,
    ...(spec.minAllocatable ? { minAllocatable: new Map(Object.entries(spec.minAllocatable)) } : {}),
  };
}

/** A snapshot whose totals are what the agents have available plus what frameworks hold. */
export function snapshot(
  agents: readonly AllocatorAgent[],
  frameworks: readonly AllocatorFramework[],
  extra: Partial<AllocationSnapshot> = {},
): AllocationSnapshot {
  let totals = ResourceQuantities.EMPTY;
  for (const a of agents) totals = totals.add(a.available.quantities());
  for (const f of frameworks) for (const q of f.allocated.values()) totals = totals.add(q);
  return { agents, frameworks, totals, ...extra };
}

/** A small seeded PRNG (mulberry32): deterministic randomness for tests and benchmarks. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
