import { fromInstancePrefix } from '@strato/app-definition';
import { Express } from 'express';
import type { MarathonCore } from '../core/core';
import { APP_MESSAGES } from './apps-routes';
import { BadRequestError } from './errors';
import { listJson, sendJson, taskBytes } from './json-text';
import { isDeploymentResult, queryBoolean, queryValues, sendDeployment } from './params';

const STATES: Record<string, string> = { running: 'TASK_RUNNING', staging: 'TASK_STAGING' };

/**
 * The app a task id belongs to: `<prefix>.instance-<uuid>._app[.N]` (and legacy `<prefix>.<uuid>`), prefix
 * `prod_web` → `/prod/web`. Undefined when the id has neither shape.
 */
export function appIdOfTask(taskId: string): string | undefined {
  const instance = /^(.+)\.instance-[^.]+(\.[^.]+)*$/.exec(taskId);
  const legacy = /^(.+)\.[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.exec(taskId);
  const prefix = instance?.[1] ?? legacy?.[1];
  return prefix ? fromInstancePrefix(prefix) : undefined;
}

/** `GET /v2/tasks` and `POST /v2/tasks/delete`. */
export function tasksRoutes(app: Express, core: MarathonCore): void {
  app.get('/v2/tasks', (req, res) => {
    // As Marathon: unknown status values are ignored; none (or none known) means every task.
    const wanted = new Set(
      [...queryValues(req, 'status'), ...queryValues(req, 'status[]')].map((s) => STATES[s.toLowerCase()]).filter((s) => s !== undefined),
    );
    const tasks = core.tasks().filter((t) => wanted.size === 0 || wanted.has(t.state));
    sendJson(res, listJson('tasks', tasks.map(taskBytes)));
  });

  app.post('/v2/tasks/delete', async (req, res) => {
    const force = queryBoolean(req, 'force', false);
    const scale = queryBoolean(req, 'scale', false);
    const wipe = queryBoolean(req, 'wipe', false);
    if (scale && wipe) throw new BadRequestError(APP_MESSAGES.scaleAndWipe);
    const ids: unknown = (req.body as { ids?: unknown } | undefined)?.ids;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
      throw new BadRequestError("The body must be an object with a list of task ids: {\"ids\": [\"<taskId>\", ...]}");
    }
    const bad = ids.find((id) => appIdOfTask(id) === undefined);
    if (bad !== undefined) throw new BadRequestError(`Invalid task id '${bad}'`);
    const result = await core.killTasks(undefined, { taskIds: ids, scale, force });
    if (isDeploymentResult(result)) sendDeployment(res, result);
    else res.json({ tasks: result.tasks });
  });
}
