/**
 * What every Strato service shares at its edges: Mesos-style flags with `STRATO_<FLAG>`
 * environment equivalents, durations, structured logs, metrics, HTTP and gRPC plumbing and
 * graceful shutdown.
 */
export type { FlagSpec } from './flags';
export { flag, parseFlags, envName } from './flags';
export type { RawFlags } from './flag-values';
export { FlagValues } from './flag-values';
export { parseDuration, formatDuration } from './duration';
export type { Logger } from './logger';
export { createLogger } from './logger';
export { Metrics } from './metrics';
export type { HttpServer } from './http';
export { createHttpApp, listenHttp } from './http';
export { serveUi, uiDir } from './ui';
export type { GrpcServer } from './grpc';
export { startGrpcServer, toGrpcError, fromGrpcError, GRPC_ERROR_CODE_KEY } from './grpc';
export { onShutdown } from './lifecycle';
export { Serial } from './serial';
export type { HostPort } from './address';
export { parseHostPort } from './address';

/** The version every Strato service reports. */
export const STRATO_VERSION = '0.1.0';
export type { LeaderProxyOptions, SwitchableApp } from './leader-proxy';
export { leaderProxy, switchableApp } from './leader-proxy';
