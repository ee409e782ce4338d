import { appToJson, type AppDefinition } from '@strato/app-definition';
import type { Response } from 'express';
import type { TaskJson } from '../core/core';

/**
 * Serialized app definitions, one per stored definition object.
 *
 * Caching rule: the repository hands out deeply frozen definitions and replaces the object on every write
 * (a new version is a new object), so the JSON text of `appToJson(app)` is computed once per object and can
 * never go stale; entries go away with their definition (WeakMap). Definitions that are not frozen (built
 * by a request, not yet stored) are serialized every time.
 */
const appTexts = new WeakMap<AppDefinition, string>();

/** Serialized task JSON, one per frozen TaskJson object: `taskJson` hands out the same object while nothing changed. */
const taskTexts = new WeakMap<TaskJson, string>();
const taskBuffers = new WeakMap<TaskJson, Buffer>();

/** `JSON.stringify(appToJson(app))`, from the cache when `app` is frozen. */
export function appJsonText(app: AppDefinition): string {
  const cached = appTexts.get(app);
  if (cached !== undefined) return cached;
  const text = JSON.stringify(appToJson(app));
  if (Object.isFrozen(app)) appTexts.set(app, text);
  return text;
}

/** `JSON.stringify(task)`, from the cache when `task` is frozen. */
export function taskText(task: TaskJson): string {
  const cached = taskTexts.get(task);
  if (cached !== undefined) return cached;
  const text = JSON.stringify(task);
  if (Object.isFrozen(task)) taskTexts.set(task, text);
  return text;
}

const COMMA = Buffer.from(',');

/** `JSON.stringify(task)` as UTF-8 bytes, from the cache when `task` is frozen (for `GET /v2/tasks`). */
export function taskBytes(task: TaskJson): Buffer {
  const cached = taskBuffers.get(task);
  if (cached !== undefined) return cached;
  const bytes = Buffer.from(taskText(task));
  if (Object.isFrozen(task)) taskBuffers.set(task, bytes);
  return bytes;
}

/**
 * `{"<key>":[<items>]}` as UTF-8 bytes, from already serialized items. Lists are assembled from cached bytes
 * because copying bytes is several times cheaper than joining and then encoding megabytes of strings.
 */
export function listJson(key: string, items: readonly Buffer[]): Buffer {
  const chunks: Buffer[] = [Buffer.from(`{${JSON.stringify(key)}:[`)];
  items.forEach((item, i) => {
    if (i > 0) chunks.push(COMMA);
    chunks.push(item);
  });
  chunks.push(Buffer.from(']}'));
  return Buffer.concat(chunks);
}

/**
 * Answers serialized JSON with the headers `res.json` gives a string body (`Content-Type: application/json;
 * charset=utf-8`, then `send`: ETag, Content-Length). Only for bytes of `JSON.stringify` output under the app's
 * default JSON settings (no `json replacer`, `json spaces` or `json escape`), which `createHttpApp` keeps.
 */
export function sendJson(res: Response, body: Buffer): void {
  if (!res.get('Content-Type')) res.set('Content-Type', 'application/json; charset=utf-8');
  res.send(body);
}
