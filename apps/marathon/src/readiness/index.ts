// Marathon readiness checks: a clock-driven poller of HTTP(S) endpoints gating deployments.
export { ReadinessChecker } from './checker';
export type { ReadinessCheckerOptions } from './checker';
export { readinessPort, readinessResult, sameResult } from './result';
export type * from './types';
