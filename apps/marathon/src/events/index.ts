export * from './events';
export { EventBus, DEFAULT_MAX_OUTSTANDING } from './event-bus';
export type { EventBusOptions, EventSink, Unsubscribe } from './event-bus';
export { sseRoute, sseFrame, DEFAULT_KEEP_ALIVE_MS } from './sse-route';
export type { SseHandle, SseOptions } from './sse-route';
