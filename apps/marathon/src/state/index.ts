/** Marathon's persistent state: the key layout, the in-memory cache and the root-group view (README.md). */
export { MarathonRepository } from './repository';
export { buildRootGroup, compareVersions } from './root-group';
export { DEFAULT_MAX_VERSIONS } from './types';
export type { AppVersionRef, DeploymentRecord, GroupRecord, Instance, InstanceChange, InstanceGoal, RepositoryOptions, RootVersion } from './types';
