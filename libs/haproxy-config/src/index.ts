/**
 * Everything that decides what HAProxy should run for the marathon-lb compatible bridge, as pure functions:
 * Marathon JSON → services → config text (+ slot assignments) → how to apply it. `apps/lb` does the I/O.
 */
export type { MarathonApp, MarathonHealthCheck, MarathonTask } from './marathon';
export { toMarathonApps } from './marathon';
export type { LbOptions, Server, Service, ServiceHealthCheck } from './types';
export type { HealthMemory } from './services';
export { servicesFromApps } from './services';
export type { Templates } from './templates';
export { DEFAULT_TEMPLATES, PER_PORT_TEMPLATE_NAMES, TEMPLATE_NAMES, TemplateError, withOverrides } from './templates';
export type { SlotAssignment } from './slots';
export { slotCapacity, slotName } from './slots';
export type { Rendered } from './render';
export { EMPTY_SLOT_ADDRESS, EMPTY_SLOT_PORT, renderConfig } from './render';
export type { ApplyPlan } from './plan';
export { planApply } from './plan';
export type { Interim } from './interim';
export { interimConfig } from './interim';
