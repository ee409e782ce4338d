// Marathon-level health checks: pure trackers, node probes and a clock-driven scheduler.
export { HealthTracker } from './tracker';
export type { HealthRecord, HealthVerdict, TrackedInstance } from './tracker';
export { httpProbe, tcpProbe, defaultProbe, judgeStatus, timeoutCause } from './probes';
export type { HealthProbe, ProbeOptions, ProbeTarget } from './probes';
export { HealthChecker, resolvePort } from './checker';
export type { HealthCheckerOptions } from './checker';
export { isMarathonRun } from './types';
export type * from './types';
