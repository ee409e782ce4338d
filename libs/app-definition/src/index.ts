// @strato/app-definition: Marathon app and group definitions as the REST API receives and returns them.
export {
  resolvePath,
  parent,
  isChildOf,
  isSelfOrDescendantOf,
  isRoot,
  segments,
  toInstancePrefix,
  fromInstancePrefix,
  pathSyntaxErrors,
  appIdErrors,
  PATH_MESSAGES,
  RESERVED_LAST_SEGMENTS,
} from './path-id';
export { validateApp, checkApp } from './validate-app';
export type { ValidateAppOptions, AppValidationResult } from './validate-app';
export { withDefaults, APP_DEFAULTS, SINGLE_INSTANCE_LABEL } from './defaults';
export type { DefaultsOptions } from './defaults';
export { applyUpdate, isRollback, rollback, UPDATE_MESSAGES } from './update';
export type { ApplyUpdateOptions } from './update';
export { isScalingOnly, sameConfig, stampChange, restart, toIso, EPOCH_VERSION } from './version-info';
export type { Now } from './version-info';
export { appToJson } from './to-json';
export type { AppJson } from './to-json';
export { validateGroup, GROUP_MESSAGES } from './group';
export { validateGroupPatch, type GroupPatchResult } from './group-patch';
export type { GroupDefinition, GroupValidationResult, ValidateGroupOptions } from './group';
export { transitiveApps, scaleGroup, groupToJson } from './group-ops';
export { parseJsonBody } from './json-body';
export type { InvalidJson, JsonBodyResult } from './json-body';
export { INVALID_OBJECT_MESSAGE, toStratoError, mergeViolations } from './violations';
export type { ValidationFailure, Violation } from './violations';
export { APP_SCHEMA, APP_UPDATE_SCHEMA, GROUP_SCHEMA } from './schema';
export { LEGACY_MESSAGES } from './legacy';
export { PORT_MESSAGES } from './rules-ports';
export { APP_MESSAGES } from './rules-app';
export type { Feature } from './rule-context';
export type * from './types';
export type { AppInput } from './wire-types';
