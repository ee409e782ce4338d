/**
 * Marathon path ids: `/prod/web`, relative forms (`web`, `../db`) resolved against a base group.
 * Canonical form: absolute, no trailing slash, `.` and `..` resolved; the root group is `/`.
 */

/** One id segment: dot-separated labels of lowercase letters, digits and inner dashes; or `.` / `..`. */
const LABEL = '(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])';
const SEGMENT = new RegExp(`^(?:${LABEL}\\.)*${LABEL}$|^\\.{1,2}$`);

/** The regex as Marathon prints it in its error message (PathId.scala). */
const MARATHON_SEGMENT_PATTERN =
  '^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])|(\\.|\\.\\.)$';

export const RESERVED_LAST_SEGMENTS = ['restart', 'tasks', 'versions', '.', '..'] as const;

export const PATH_MESSAGES = {
  segment: `must fully match regular expression '${MARATHON_SEGMENT_PATTERN}'`,
  reserved: `must not end with any of the following reserved keywords: ${RESERVED_LAST_SEGMENTS.join(', ')}`,
  root: 'must not be root',
  notChild: (child: string, parent: string) => `identifier ${child} is not child of ${parent}. Hint: use relative paths.`,
} as const;

/** Non-empty segments of an id as written (leading, trailing and doubled slashes ignored, as Marathon). */
export function rawSegments(id: string): string[] {
  return id.split('/').filter((s) => s.length > 0);
}

export function isAbsolute(id: string): boolean {
  return id.startsWith('/');
}

/**
 * Resolves `id` against the absolute group id `base`: absolute ids ignore the base; `.` stays, `..` climbs
 * (never above the root). Returns the canonical absolute form, `/` for the root.
 */
export function resolvePath(id: string, base = '/'): string {
  const start = isAbsolute(id) ? [] : canonicalSegments(rawSegments(base));
  return toPath(canonicalSegments([...start, ...rawSegments(id)]));
}

function canonicalSegments(segments: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of segments) {
    if (s === '..') out.pop();
    else if (s !== '.') out.push(s);
  }
  return out;
}

function toPath(segments: readonly string[]): string {
  return `/${segments.join('/')}`;
}

/** The segments of a canonical id (`/` has none). */
export function segments(id: string): string[] {
  return canonicalSegments(rawSegments(id));
}

export function isRoot(id: string): boolean {
  return segments(id).length === 0;
}

/** The enclosing group of an id; the root is its own parent. */
export function parent(id: string): string {
  return toPath(segments(id).slice(0, -1));
}

/** True when `child` sits directly in the group `parentId` (both resolved against the root). */
export function isChildOf(child: string, parentId: string): boolean {
  return !isRoot(child) && resolvePath(parent(child)) === resolvePath(parentId);
}

/** True when `id` is `ancestor` itself or lies anywhere below it. */
export function isSelfOrDescendantOf(id: string, ancestor: string): boolean {
  const a = segments(ancestor);
  const s = segments(id);
  return a.length <= s.length && a.every((seg, i) => seg === s[i]);
}

/** The prefix Marathon puts in instance and task ids: `/prod/web` → `prod_web` (`prod_web.instance-<uuid>._app`). */
export function toInstancePrefix(id: string): string {
  return segments(id).join('_');
}

/** Inverse of `toInstancePrefix` (segments never contain `_`): `prod_web` → `/prod/web`. */
export function fromInstancePrefix(prefix: string): string {
  return toPath(prefix.split('_').filter((s) => s.length > 0));
}

/**
 * Syntax errors of an id as written: every segment must match Marathon's pattern and the last one must not be
 * reserved. Whether it may be the root is the caller's rule (apps: never; groups: yes).
 */
export function pathSyntaxErrors(id: string): string[] {
  const raw = rawSegments(id);
  const errors: string[] = [];
  if (!raw.every((s) => SEGMENT.test(s))) errors.push(PATH_MESSAGES.segment);
  const last = raw[raw.length - 1];
  if (last !== undefined && (RESERVED_LAST_SEGMENTS as readonly string[]).includes(last)) {
    errors.push(PATH_MESSAGES.reserved);
  }
  return errors;
}

/** Errors of an app id (syntax, then "must not be root" after resolution against `base`). */
export function appIdErrors(id: string, base = '/'): string[] {
  const errors = pathSyntaxErrors(id);
  if (errors.length === 0 && isRoot(resolvePath(id, base))) errors.push(PATH_MESSAGES.root);
  return errors;
}
