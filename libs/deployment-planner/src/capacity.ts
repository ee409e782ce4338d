import type { UpgradeStrategy } from './types';

export interface RestartBounds {
  /** ceil(n × minimumHealthCapacity): healthy instances a restart keeps at all times. */
  readonly minHealthy: number;
  /** floor(n × (1 + maximumOverCapacity)): instances (old + new) a restart may hold at once. */
  readonly maxCapacity: number;
  /**
   * 1 when minHealthy equals maxCapacity (n > 0), e.g. 1.0 / 0.0: nothing could ever be killed or
   * started, so, like Marathon for non-resident apps, one instance of over-capacity is allowed.
   */
  readonly overCapacityAllowance: 0 | 1;
  /** maxCapacity + overCapacityAllowance: the bound the restart really keeps. */
  readonly effectiveMaxCapacity: number;
}

/**
 * Rolls `x` to 6 decimals before ceil/floor so binary floating point does not move it across an
 * integer: 10 × 0.3 is 3.0000000000000004 in IEEE doubles, and Marathon's `ceil` makes that 4.
 */
const snap = (x: number): number => Math.round(x * 1e6) / 1e6;

export function restartBounds(instances: number, strategy: UpgradeStrategy): RestartBounds {
  const n = Math.max(0, instances);
  const minHealthy = Math.ceil(snap(n * clamp01(strategy.minimumHealthCapacity, 1)));
  const maxCapacity = Math.floor(snap(n * (1 + clamp01(strategy.maximumOverCapacity, 0))));
  const overCapacityAllowance = n > 0 && minHealthy === maxCapacity ? 1 : 0;
  return { minHealthy, maxCapacity, overCapacityAllowance, effectiveMaxCapacity: maxCapacity + overCapacityAllowance };
}

/** Validation keeps both fractions in [0, 1]; if one slips through, fall back to the safe side. */
const clamp01 = (x: number, fallback: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : fallback);
