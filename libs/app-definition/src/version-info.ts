import type { AppDefinition, VersionInfo } from './types';
import type { AppInput } from './wire-types';

/**
 * Versions are ISO-8601 timestamps of the change that produced them. `lastScalingAt` moves on every change,
 * `lastConfigChangeAt` only on changes other than `instances` and on restarts (backoff and rolling restarts
 * key off it).
 */

/** A point in time as the callers have it: epoch milliseconds (`Clock.now()`) or a Date. */
export type Now = number | Date;

export const EPOCH_VERSION = new Date(0).toISOString();

export function toIso(now: Now): string {
  return (typeof now === 'number' ? new Date(now) : now).toISOString();
}

/** Version fields of a new definition: all `now`; without `now`, those of the input (for stored definitions). */
export function versionStamp(input: Pick<AppInput, 'version' | 'versionInfo'>, now?: Now): {
  version: string;
  versionInfo: VersionInfo;
} {
  if (now !== undefined) {
    const at = toIso(now);
    return { version: at, versionInfo: { lastScalingAt: at, lastConfigChangeAt: at } };
  }
  const version = input.version ?? EPOCH_VERSION;
  return {
    version,
    versionInfo: {
      lastScalingAt: input.versionInfo?.lastScalingAt ?? version,
      lastConfigChangeAt: input.versionInfo?.lastConfigChangeAt ?? version,
    },
  };
}

/** Everything but the fields that identify a version, for comparing configurations. */
function configOf(app: AppDefinition): Omit<AppDefinition, 'version' | 'versionInfo' | 'instances'> {
  const { version: _v, versionInfo: _vi, instances: _i, ...config } = app;
  return config;
}

/** True when `next` differs from `previous` in `instances` only. */
export function isScalingOnly(previous: AppDefinition, next: AppDefinition): boolean {
  return previous.instances !== next.instances && sameConfig(previous, next);
}

/** True when both have the same configuration (instances and versions aside). */
export function sameConfig(a: AppDefinition, b: AppDefinition): boolean {
  return canonicalJson(configOf(a)) === canonicalJson(configOf(b));
}

/**
 * Stamps `next` (an edit of `previous`) with version `now`: a scaling-only change moves `lastScalingAt`, any other
 * change moves both; an edit that changes nothing keeps the version info and only gets the new `version`.
 */
export function stampChange(previous: AppDefinition, next: AppDefinition, now: Now): AppDefinition {
  const at = toIso(now);
  if (sameConfig(previous, next) && previous.instances === next.instances) {
    return { ...next, version: at, versionInfo: { ...previous.versionInfo } };
  }
  const lastConfigChangeAt = isScalingOnly(previous, next) ? previous.versionInfo.lastConfigChangeAt : at;
  return { ...next, version: at, versionInfo: { lastScalingAt: at, lastConfigChangeAt } };
}

/** `POST /v2/apps/{id}/restart`: same definition, new config version, so every instance is replaced. */
export function restart(app: AppDefinition, now: Now): AppDefinition {
  const at = toIso(now);
  return { ...app, version: at, versionInfo: { lastScalingAt: at, lastConfigChangeAt: at } };
}

/** JSON with object keys sorted, so that key order never makes two equal definitions differ. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
