// Marathon-level health checks: pure trackers, node probes and a clock-driven scheduler.
export { HealthTracker } from './tracker';
export type { HealthRecord, HealthVerdict, TrackedInstance } from './tracker';
export { httpGet, httpProbe, tcpProbe, defaultProbe, judgeStatus, timeoutCause, MAX_BODY_BYTES } from './probes';
export type { HealthProbe, HttpAnswer, HttpGetResult, ProbeOptions, ProbeTarget } from './probes';
export { HealthChecker, resolvePort } from './checker';
export type { HealthCheckerOptions } from './checker';
export { isMarathonRun } from './types';
export type * from './types';
export { syncWatched } from './watch-set';
