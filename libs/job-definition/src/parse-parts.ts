/** Parsers for the structured job fields: environment, fetcher URIs, constraints, container, webhook. */
import { cloneJson, fail, isObject, optObjectArray, optString, optStringArray, present, type Body } from './fields';
import type { EnvironmentVariable, FetchUri } from './types';

export const CONSTRAINT_OPERATORS = ['EQUALS', 'LIKE', 'UNLIKE'] as const;

export function parseEnvironment(body: Body): EnvironmentVariable[] {
  const message = "Field 'environmentVariables' entries must be objects with string 'name' and 'value'";
  const entries = optObjectArray(body, 'environmentVariables', message) ?? [];
  return entries.map((e) => {
    if (typeof e.name !== 'string' || typeof e.value !== 'string') return fail(message);
    return { name: e.name, value: e.value };
  });
}

function parseFetchEntry(e: Record<string, unknown>): FetchUri {
  if (typeof e.uri !== 'string' || e.uri === '') return fail("Field 'fetch' entries must have a non-empty string 'uri'");
  const flag = (key: 'executable' | 'cache' | 'extract', fallback: boolean): boolean => {
    const v = present(e, key);
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') return fail(`Field 'fetch' entry '${key}' must be a boolean`);
    return v;
  };
  const outputFile = optString(e, 'output_file');
  const entry = { uri: e.uri, executable: flag('executable', false), cache: flag('cache', false), extract: flag('extract', true) };
  return outputFile === undefined ? entry : { ...entry, output_file: outputFile };
}

/** What a bare `uris` entry means to the Mesos fetcher. */
export function fetchOfUri(uri: string): FetchUri {
  return { uri, executable: false, cache: false, extract: true };
}

function isPlainUri(f: FetchUri): boolean {
  return f.output_file === undefined && !f.executable && !f.cache && f.extract;
}

/**
 * `uris` and `fetch`, canonicalised. Giving both is an error, except when they mirror each other as our own GET
 * answers do (jobToJson fills each from the other), so a fetched job can be POSTed back unchanged. A fetch list of
 * plain entries is stored as `uris` (nothing is lost) so that parse → jobToJson → parse is stable whichever
 * spelling the user chose.
 */
export function parseFetcher(body: Body): { uris: string[]; fetch: FetchUri[] } {
  const uris = optStringArray(body, 'uris') ?? [];
  const entries = optObjectArray(body, 'fetch', "Field 'fetch' entries must be objects") ?? [];
  const fetch = entries.map(parseFetchEntry);
  if (uris.length > 0 && fetch.length > 0) {
    const mirrored = uris.length === fetch.length && fetch.every((f, i) => f.uri === uris[i]);
    if (!mirrored) return fail('Tried to specify both uris and fetch');
  }
  if (fetch.length > 0 && fetch.every(isPlainUri)) return { uris: fetch.map((f) => f.uri), fetch: [] };
  return fetch.length > 0 ? { uris: [], fetch } : { uris, fetch: [] };
}

function parseConstraint(c: unknown): string[] {
  if (!Array.isArray(c) || c.length !== 3 || !c.every((v) => typeof v === 'string')) {
    return fail("Field 'constraints' entries must be [attribute, operator, value] arrays of 3 strings");
  }
  const [attribute, op, value] = c as string[];
  if (!(CONSTRAINT_OPERATORS as readonly string[]).includes(op)) {
    return fail(`Unknown constraint operator '${op}' for attribute '${attribute}': use EQUALS, LIKE or UNLIKE`);
  }
  if (op !== 'EQUALS') {
    try {
      new RegExp(value);
    } catch {
      return fail(`Constraint ${op} on '${attribute}' has an invalid regular expression '${value}'`);
    }
  }
  return [attribute, op, value];
}

export function parseConstraints(body: Body): string[][] {
  const value = present(body, 'constraints');
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail("Field 'constraints' must be an array");
  return value.map(parseConstraint);
}

export function parseContainer(body: Body): Record<string, unknown> | null {
  const value = present(body, 'container');
  if (value === undefined) return null;
  if (!isObject(value)) return fail("Field 'container' must be an object or null");
  return cloneJson(value);
}

export function parseFailureWebhook(body: Body): string | undefined {
  const value = optString(body, 'failureWebhook');
  if (value === undefined) return undefined;
  let protocol = '';
  try {
    protocol = new URL(value).protocol;
  } catch {
    // Not a URL at all: reported below with the same message as a wrong scheme.
  }
  if (protocol !== 'http:' && protocol !== 'https:') return fail("Field 'failureWebhook' must be an http(s) URL");
  return value;
}
