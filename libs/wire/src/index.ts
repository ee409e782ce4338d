/**
 * Converters between generated proto types (`@strato/proto`) and domain types
 * (`@strato/domain`, `@strato/resources`). The only place where both meet.
 */
export * from './resources-wire';
export * from './task-wire';
export * from './framework-wire';
export * from './master-json';
