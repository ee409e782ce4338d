/**
 * Domain types shared by the master, agents and frameworks: tasks, statuses, offers, frameworks
 * and agents, with resources as `@strato/resources` values. Wire (proto) types are converted to
 * these in `@strato/wire`.
 */
export * from './task-state';
export * from './types';
