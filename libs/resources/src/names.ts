import { ResourceParseError } from './errors';
import type { Resource, Role } from './types';

const NAME = /^[A-Za-z0-9_\-./]+$/;
// Whitespace, backspace and other control characters are never allowed in roles. Parentheses and
// ';' would make the Mesos text form ambiguous, so they are rejected as well.
const ROLE_BAD_CHAR = /[\s\x00-\x1f\x7f();]/;

/** Validates a resource or attribute name (letters, digits, `_`, `-`, `.`, `/`). */
export function validateName(name: string, what = 'resource name'): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new ResourceParseError(
      `invalid ${what} '${String(name)}': use letters, digits, '_', '-', '.' or '/'`,
    );
  }
  return name;
}

/** Returns why `role` is not a valid Mesos role name, or undefined when it is valid. */
export function roleError(role: string): string | undefined {
  if (typeof role !== 'string' || role === '') return 'must not be empty';
  if (role === '*') return undefined;
  if (ROLE_BAD_CHAR.test(role)) return 'must not contain whitespace, control characters, parentheses or \';\'';
  if (role.startsWith('/') || role.endsWith('/')) return "must not start or end with '/'";
  for (const part of role.split('/')) {
    if (part === '') return "must not contain '//'";
    if (part === '.' || part === '..') return "must not be '.' or '..' (nor have such a path component)";
    if (part.startsWith('-')) return "must not start with '-' (nor have a path component that does)";
    if (part === '*') return "'*' is only valid as the whole role";
  }
  return undefined;
}

/** Validates a Mesos role name ('*' or e.g. 'web', 'eng/prod'); throws ResourceParseError otherwise. */
export function validateRole(role: Role): Role {
  const err = roleError(role);
  if (err !== undefined) throw new ResourceParseError(`invalid role '${String(role)}': ${err}`);
  return role;
}

/** True for a valid Mesos role name. */
export function isValidRole(role: string): boolean {
  return roleError(role) === undefined;
}

function nameRank(name: string): number {
  switch (name) {
    case 'cpus':
      return 0;
    case 'mem':
      return 1;
    case 'disk':
      return 2;
    case 'gpus':
      return 3;
    case 'ports':
      return 4;
    default:
      return 5;
  }
}

/** Canonical name order: cpus, mem, disk, gpus, ports, then other names by code unit order. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const d = nameRank(a) - nameRank(b);
  if (d !== 0) return d;
  return a < b ? -1 : 1;
}

/** Canonical role order: '*' first, then roles by code unit order. */
export function compareRoles(a: Role, b: Role): number {
  if (a === b) return 0;
  if (a === '*') return -1;
  if (b === '*') return 1;
  return a < b ? -1 : 1;
}

/** Canonical entry order: by name, then role. */
export function compareEntries(a: Resource, b: Resource): number {
  if (a.name === b.name) return a.role === b.role ? 0 : compareRoles(a.role, b.role);
  return compareNames(a.name, b.name);
}
