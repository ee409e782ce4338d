import { isPlainObject, withoutNulls } from './json-utils';
import { isHostNetworking, migrateNetworks } from './legacy';
import { schemaViolations } from './schema-validator';
import { appToJson } from './to-json';
import type { AppDefinition } from './types';
import { checkApp, schemaFailure, type AppValidationResult } from './validate-app';
import { stampChange, type Now } from './version-info';
import { validationFailure, violation } from './violations';
import type { AppInput } from './wire-types';

/**
 * PUT and PATCH of apps. PUT with `partialUpdate=true` (Marathon's default) and PATCH merge the body's top-level
 * fields into the existing app; PUT with `partialUpdate=false` replaces the app (missing fields get defaults).
 * The result is validated like a new app and carries the version info of the change.
 */

export const UPDATE_MESSAGES = {
  versionAlone: "The 'version' field may only be combined with the 'id' field.",
  idRequired: 'is required',
} as const;

export interface ApplyUpdateOptions {
  partialUpdate: boolean;
  now: Now;
  /** The app id from the URL; wins over an id in the body (Marathon ignores it on PUT/PATCH /v2/apps/{id}). */
  id?: string;
  base?: string;
  strict?: boolean;
  features?: readonly string[];
}

/** Fields that replace each other: setting one in an update drops the other(s) inherited from the app. */
const ALTERNATIVES: Record<string, readonly string[]> = {
  cmd: ['args'],
  args: ['cmd'],
  ports: ['portDefinitions'],
  portDefinitions: ['ports'],
  uris: ['fetch'],
  fetch: ['uris'],
  ipAddress: ['networks'],
};

/** A body with a `version` timestamp and nothing else but `id` asks to roll the app back to that stored version. */
export function isRollback(update: unknown): update is { version: string; id?: string } {
  const data = withoutNulls(update);
  return (
    isPlainObject(data) &&
    typeof data.version === 'string' &&
    !Number.isNaN(Date.parse(data.version)) &&
    Object.keys(data).every((k) => k === 'version' || k === 'id')
  );
}

/** The stored `target` version becomes the current definition, stamped as a change of `existing` at `now`. */
export function rollback(existing: AppDefinition, target: AppDefinition, now: Now): AppDefinition {
  return stampChange(existing, { ...target, id: existing.id }, now);
}

/**
 * Applies a PUT/PATCH body to `existing` (undefined when PUT creates the app). Rollback bodies (`isRollback`) are
 * the caller's to resolve with `rollback`, since they need the stored versions.
 */
export function applyUpdate(
  existing: AppDefinition | undefined,
  update: unknown,
  options: ApplyUpdateOptions,
): AppValidationResult {
  if (isRollback(update)) throw new Error('applyUpdate: a rollback body must be resolved with rollback()');
  const data = withoutNulls(update);
  if (!isPlainObject(data)) return validationFailure([violation('/', 'expected object')]);
  const schema = schemaViolations('appUpdate', data, options.strict ?? true);
  if (schema.length > 0) return schemaFailure(data, schema);
  if (data.version !== undefined) return validationFailure([violation('/', UPDATE_MESSAGES.versionAlone)]);
  const id = options.id ?? existing?.id ?? (data.id as string | undefined);
  if (id === undefined) return validationFailure([violation('/id', UPDATE_MESSAGES.idRequired)]);
  const body = data as Partial<AppInput>;
  const merged = options.partialUpdate && existing ? mergeInto(existing, body) : { ...body };
  const result = checkApp({ ...merged, id } as AppInput, options);
  if (!result.ok || !existing) return result;
  return { ok: true, app: stampChange(existing, result.app, options.now) };
}

/** Top-level merge of a partial update into the canonical JSON of the existing app. */
function mergeInto(existing: AppDefinition, update: Partial<AppInput>): Partial<AppInput> {
  const { version: _v, versionInfo: _vi, ...inherited } = appToJson(existing) as unknown as Partial<AppInput>;
  const { versionInfo: _ignored, ...changes } = update;
  for (const key of Object.keys(changes)) {
    for (const other of ALTERNATIVES[key] ?? []) delete (inherited as Record<string, unknown>)[other];
  }
  if (changes.container?.docker?.network !== undefined) delete inherited.networks;
  const merged: Partial<AppInput> = { ...inherited, ...changes };
  dropPortsOfOtherNetworking(existing, changes, merged);
  return merged;
}

/**
 * When an update switches between host and container networking, the inherited port specs of the old mode are
 * dropped (and re-defaulted) unless the update gives its own, as Marathon's normalization does.
 */
function dropPortsOfOtherNetworking(existing: AppDefinition, update: Partial<AppInput>, merged: Partial<AppInput>): void {
  const wasHost = isHostNetworking(existing.networks);
  const isHost = isHostNetworking(migrateNetworks(merged as AppInput));
  if (wasHost === isHost) return;
  if (!isHost && update.portDefinitions === undefined && update.ports === undefined) delete merged.portDefinitions;
  if (isHost && update.container === undefined && merged.container) {
    const { portMappings: _pm, ...container } = merged.container;
    merged.container = container;
  }
}
