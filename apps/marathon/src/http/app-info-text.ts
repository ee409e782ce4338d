import type { AppDefinition } from '@strato/app-definition';
import type { AppStatus, TaskJson } from '../core/core';
import type { AppInfoEmbed } from './app-json';
import { appJsonText, taskText } from './json-text';

interface CachedInfo {
  /** The status fields before `tasks` (counts, deployments, readiness) and after it (lastTaskFailure), serialized. */
  readonly head: string;
  readonly tail: string;
  readonly tasks: readonly TaskJson[] | undefined;
  readonly bytes: Buffer;
}

/**
 * Serialized AppInfo per app and embed set, reused while nothing in it changed (`GET /v2/apps` lists every app on
 * every request).
 *
 * Caching rule: an entry belongs to one frozen definition object (WeakMap: the repository replaces the object on
 * every write, so a new version never meets an old entry) and one embed set. It is reused only when the status
 * fields other than `tasks` serialize to the same text and `tasks` are the same frozen TaskJson objects in the same
 * order (`taskJson` hands out the same object while the instance, the app and the health results are unchanged).
 */
const infoTexts = new WeakMap<AppDefinition, Map<string, CachedInfo>>();

/**
 * Exactly `JSON.stringify(appInfo(app, status, embed))` as UTF-8 bytes (see `appInfo` for the fields), built from the
 * cached definition and task texts: the status fields are appended in the same order, so no AppInfo object is built.
 */
export function appInfoJson(app: AppDefinition, status: AppStatus, embed: AppInfoEmbed): Buffer {
  const head = headText(status, embed);
  const tail = embed.lastTaskFailure && status.lastTaskFailure ? field('lastTaskFailure', status.lastTaskFailure) : '';
  const tasks = embed.tasks ? status.tasks : undefined;
  const slot = `${Number(embed.readiness)}${Number(embed.tasks)}${Number(embed.lastTaskFailure)}`;
  const cached = infoTexts.get(app)?.get(slot);
  if (cached && cached.head === head && cached.tail === tail && sameTasks(cached.tasks, tasks)) return cached.bytes;
  const definition = appJsonText(app);
  const tasksText = tasks ? `,"tasks":[${tasks.map(taskText).join(',')}]` : '';
  const bytes = Buffer.from(`${definition.slice(0, -1)}${definition.length > 2 ? ',' : ''}${head}${tasksText}${tail}}`);
  if (Object.isFrozen(app) && (tasks ?? []).every((t) => Object.isFrozen(t))) {
    const slots = infoTexts.get(app) ?? new Map<string, CachedInfo>();
    infoTexts.set(app, slots.set(slot, { head, tail, tasks, bytes }));
  }
  return bytes;
}

/** The counts, `deployments` and (when embedded) `readinessCheckResults`, without the leading comma. */
function headText(status: AppStatus, embed: AppInfoEmbed): string {
  const counts =
    `"tasksStaged":${status.tasksStaged},"tasksRunning":${status.tasksRunning}` +
    `,"tasksHealthy":${status.tasksHealthy},"tasksUnhealthy":${status.tasksUnhealthy}`;
  const deployments = `,"deployments":${JSON.stringify(status.deployments.map((d) => ({ id: d.id })))}`;
  return counts + deployments + (embed.readiness ? field('readinessCheckResults', status.readinessCheckResults) : '');
}

/** `,"key":<value>`, or nothing for a value JSON.stringify would drop from an object. */
function field(key: string, value: unknown): string {
  const text: string | undefined = JSON.stringify(value);
  return text === undefined ? '' : `,${JSON.stringify(key)}:${text}`;
}

function sameTasks(a: readonly TaskJson[] | undefined, b: readonly TaskJson[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((task, i) => task === b[i]);
}
