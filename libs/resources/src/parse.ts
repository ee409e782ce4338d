import { ResourceParseError } from './errors';
import { validateName, validateRole } from './names';
import { parseRanges } from './ranges';
import { parseMilli, toMilli } from './scalar';
import type { Range, Resource, ResourceValue, Role } from './types';

const TOKEN = /^([^():\s]+)\s*(?:\(([^()]*)\))?\s*:(.*)$/s;

/** Parses a set literal "{a,b,c}" ("{}" is empty); items are trimmed. */
export function parseSet(text: string, context: string): string[] {
  const s = text.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) {
    throw new ResourceParseError(`invalid set '${text}' in '${context}': expected '{item,...}'`);
  }
  const body = s.slice(1, -1).trim();
  if (body === '') return [];
  return body.split(',').map((raw) => {
    const item = raw.trim();
    if (item === '' || /[{};]/.test(item)) {
      throw new ResourceParseError(`invalid set item '${item}' in '${context}'`);
    }
    return item;
  });
}

function parseTextValue(raw: string, token: string): ResourceValue {
  const v = raw.trim();
  if (v === '') throw new ResourceParseError(`missing value in '${token}'`);
  if (v.startsWith('[')) {
    try {
      return { type: 'ranges', ranges: parseRanges(v) };
    } catch (e) {
      throw new ResourceParseError(`${(e as Error).message} (in '${token}')`);
    }
  }
  if (v.startsWith('{')) return { type: 'set', items: parseSet(v, token) };
  return { type: 'scalar', milli: parseMilli(v, false, `'${v}' in '${token}'`) };
}

/** Parses the Mesos text form "cpus:4;mem(web):8;ports:[1-2];s:{a,b}" into raw (unmerged) entries. */
export function parseResourcesText(text: string, defaultRole: Role): Resource[] {
  const out: Resource[] = [];
  for (const part of text.split(';')) {
    const token = part.trim();
    if (token === '') continue;
    const m = TOKEN.exec(token);
    if (m === null) {
      throw new ResourceParseError(`invalid resource '${token}': expected 'name:value' or 'name(role):value'`);
    }
    const name = validateName(m[1]);
    const role = m[2] === undefined ? defaultRole : validateRole(m[2].trim());
    out.push({ name, role, value: parseTextValue(m[3], token) });
  }
  return out;
}

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function jsonRole(o: Json, defaultRole: Role, where: string): Role {
  const reservations = o['reservations'];
  if (Array.isArray(reservations) && reservations.length > 0) {
    const last: unknown = reservations[reservations.length - 1];
    if (!isObject(last) || typeof last['role'] !== 'string') {
      throw new ResourceParseError(`invalid reservations in ${where}: expected [{"role": "..."}]`);
    }
    return validateRole(last['role']);
  }
  if (o['role'] === undefined) return defaultRole;
  if (typeof o['role'] !== 'string') throw new ResourceParseError(`invalid role in ${where}: must be a string`);
  return validateRole(o['role']);
}

function jsonRanges(o: Json, where: string): Range[] {
  const holder = o['ranges'];
  const list = isObject(holder) ? (holder['range'] ?? []) : undefined;
  if (!Array.isArray(list)) throw new ResourceParseError(`missing "ranges": {"range": [...]} in ${where}`);
  return list.map((r: unknown) => {
    if (!isObject(r) || typeof r['begin'] !== 'number' || typeof r['end'] !== 'number') {
      throw new ResourceParseError(`invalid range ${JSON.stringify(r)} in ${where}: need {"begin": n, "end": n}`);
    }
    return { begin: r['begin'], end: r['end'] };
  });
}

function jsonValue(o: Json, where: string): ResourceValue {
  const type = typeof o['type'] === 'string' ? o['type'].toUpperCase() : undefined;
  if (type === 'SCALAR') {
    const scalar = o['scalar'];
    const value = isObject(scalar) ? scalar['value'] : undefined;
    if (typeof value !== 'number') throw new ResourceParseError(`missing "scalar": {"value": n} in ${where}`);
    return { type: 'scalar', milli: toMilli(value) };
  }
  if (type === 'RANGES') return { type: 'ranges', ranges: jsonRanges(o, where) };
  if (type === 'SET') {
    const set = o['set'];
    const items = isObject(set) ? (set['item'] ?? []) : undefined;
    if (!Array.isArray(items) || items.some((x) => typeof x !== 'string')) {
      throw new ResourceParseError(`missing "set": {"item": [strings]} in ${where}`);
    }
    return { type: 'set', items: items as string[] };
  }
  throw new ResourceParseError(`invalid "type" ${JSON.stringify(o['type'])} in ${where}: expected SCALAR, RANGES or SET`);
}

/** Parses the Mesos JSON array form (`[{"name":"cpus","type":"SCALAR","scalar":{"value":2}}, ...]`). */
export function parseResourcesJSON(text: string, defaultRole: Role): Resource[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ResourceParseError(`invalid resources JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(doc)) throw new ResourceParseError('invalid resources JSON: expected an array');
  return doc.map((o: unknown, i: number) => {
    const where = `resources JSON element ${i} ${JSON.stringify(o)}`;
    if (!isObject(o) || typeof o['name'] !== 'string') {
      throw new ResourceParseError(`missing "name" in ${where}`);
    }
    const name = validateName(o['name']);
    const role = jsonRole(o, defaultRole, where);
    try {
      return { name, role, value: jsonValue(o, where) };
    } catch (e) {
      if (e instanceof ResourceParseError && !e.message.includes(where)) {
        throw new ResourceParseError(`${e.message} (in ${where})`);
      }
      throw e;
    }
  });
}

/** Parses either form: JSON when the text starts with '[', Mesos text otherwise. */
export function parseResourceList(text: string, defaultRole: Role): Resource[] {
  if (typeof text !== 'string') throw new ResourceParseError(`invalid resources: expected a string, got ${typeof text}`);
  validateRole(defaultRole);
  const t = text.trim();
  if (t.startsWith('[')) return parseResourcesJSON(t, defaultRole);
  return parseResourcesText(t, defaultRole);
}
