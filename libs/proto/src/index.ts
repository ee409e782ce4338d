/**
 * Wire types of Strato's gRPC APIs, generated from `proto/` by `npm run proto:gen` (never edit `gen/`).
 * Apps convert these to domain types at their edges.
 */
export * from './gen/strato/v1/common';
export * from './gen/strato/v1/scheduler';
export * from './gen/strato/v1/agent';
