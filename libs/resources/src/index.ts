// @strato/resources: the Mesos resource model (the only place in Strato that does resource arithmetic).
export type { Role, Range, ResourceValue, Resource, Shortfall, FitResult } from './types';
export { UNRESERVED } from './types';
export { ResourceParseError, InsufficientResourcesError } from './errors';
export { toMilli, fromMilli, formatMilli, parseMilli } from './scalar';
export { Ranges } from './ranges';
export { Resources } from './resources';
export type { MesosResourceJSON } from './resources';
export { ResourceQuantities } from './quantities';
export { DEFAULT_MIN_ALLOCATABLE, parseMinAllocatable, isAllocatable } from './minAllocatable';
export { parseAttributes, formatAttributes, attributeValueToString, attributesToJSON } from './attributes';
export type { AttributeValue, Attribute } from './attributes';
export { validateRole, isValidRole, validateName, compareNames, compareRoles } from './names';
