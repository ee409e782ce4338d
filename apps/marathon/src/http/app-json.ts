import { appToJson, type AppDefinition } from '@strato/app-definition';
import type { AppStatus } from '../core/core';

/** Which optional parts of Marathon's AppInfo to add (counts and deployments are always there). */
export interface AppInfoEmbed {
  readonly tasks: boolean;
  readonly lastTaskFailure: boolean;
  readonly readiness: boolean;
}

/**
 * Marathon's AppInfo: the definition (`appToJson`), then `tasksStaged/Running/Healthy/Unhealthy`, `deployments`,
 * and on request `readinessCheckResults`, `tasks`, `lastTaskFailure` (omitted when the app never had one).
 */
export function appInfo(app: AppDefinition, status: AppStatus, embed: AppInfoEmbed): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...appToJson(app),
    tasksStaged: status.tasksStaged,
    tasksRunning: status.tasksRunning,
    tasksHealthy: status.tasksHealthy,
    tasksUnhealthy: status.tasksUnhealthy,
    deployments: status.deployments.map((d) => ({ id: d.id })),
  };
  if (embed.readiness) out.readinessCheckResults = status.readinessCheckResults;
  if (embed.tasks) out.tasks = status.tasks;
  if (embed.lastTaskFailure && status.lastTaskFailure) out.lastTaskFailure = status.lastTaskFailure;
  return out;
}

/** The embed set of `GET /v2/apps` (`apps.failures` is Marathon's deprecated tasks + lastTaskFailure). */
export function listEmbed(embed: ReadonlySet<string>): AppInfoEmbed {
  const failures = embed.has('failures');
  return {
    tasks: embed.has('tasks') || failures,
    lastTaskFailure: embed.has('lastTaskFailure') || failures,
    readiness: embed.has('readiness'),
  };
}

/** `GET /v2/apps/{id}` always embeds tasks and lastTaskFailure, for compatibility (as Marathon). */
export function singleEmbed(embed: ReadonlySet<string>): AppInfoEmbed {
  return { tasks: true, lastTaskFailure: true, readiness: embed.has('readiness') };
}
