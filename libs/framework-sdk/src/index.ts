/**
 * @strato/framework-sdk: a framework's only way to talk to the master. A `SchedulerDriver` keeps
 * the subscription alive and speaks in domain types; `taskFor` and `OfferPool` build tasks out
 * of offers without hand-written resource math; `PersistentFramework` keeps the framework id across
 * restarts. The gRPC transport stays inside.
 */
export { SchedulerDriver } from './driver';
export { isZkUrl } from './master-address';
export { ZkMasterDetector, MASTER_PREFIX } from './zk-master-detector';
export type { ZkMasterDetectorOptions } from './zk-master-detector';
export { PersistentFramework } from './persistent-framework';
export type { FrameworkIdRecord, FrameworkIdRecords, FrameworkScheduler, PersistentFrameworkOptions } from './persistent-framework';
export type {
  Acknowledgeable,
  DriverLogger,
  DriverState,
  FailureDetails,
  Filters,
  FrameworkOptions,
  MasterSource,
  OfferOperation,
  ReconcileTask,
  ReconnectOptions,
  SchedulerDriverOptions,
  SchedulerHandlers,
  SubscribedDetails,
} from './types';
export { taskFor } from './task-builder';
export type { CommandOptions, TaskBuildOptions, TaskFit, TaskRequest } from './task-builder';
export { matchResources } from './resource-match';
export type { ResourceMatch, ResourceRequest } from './resource-match';
export { OfferPool } from './offer-pool';
export type { LaunchOutcome, OfferPlan, OfferRejection, OfferSink, Placement, SubmitResult } from './offer-pool';
