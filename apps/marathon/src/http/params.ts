import { Request, Response } from 'express';
import type { DeploymentResult } from '../core/core';
import { BadRequestError } from './errors';

/** The header every deployment-producing answer carries. */
export const DEPLOYMENT_HEADER = 'Marathon-Deployment-Id';

/** All values of a query parameter (`?a=1&a=2` → `['1', '2']`; absent → `[]`). */
export function queryValues(req: Request, name: string): string[] {
  const raw: unknown = (req.query as Record<string, unknown>)[name];
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((v): v is string => typeof v === 'string');
}

/** The first value of a query parameter, if any. */
export function queryString(req: Request, name: string): string | undefined {
  return queryValues(req, name)[0];
}

/** A boolean query parameter: `true` / `false` (any case); absent → `fallback`; anything else → 400. */
export function queryBoolean(req: Request, name: string, fallback: boolean): boolean {
  const value = queryString(req, name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new BadRequestError(`Query parameter '${name}' must be 'true' or 'false', got '${value}'`);
}

/**
 * `embed` values without their prefix (`apps.tasks` / `app.tasks` → `tasks`), from repeated parameters and
 * comma-separated lists alike.
 */
export function embedded(req: Request): Set<string> {
  const out = new Set<string>();
  for (const value of queryValues(req, 'embed')) {
    for (const item of value.split(',')) {
      const name = item.trim().replace(/^apps?\./, '');
      if (name) out.add(name);
    }
  }
  return out;
}

/** Answers a DeploymentResult with the `Marathon-Deployment-Id` header. */
export function sendDeployment(res: Response, result: DeploymentResult, status = 200): void {
  res.status(status).setHeader(DEPLOYMENT_HEADER, result.deploymentId);
  res.json({ deploymentId: result.deploymentId, version: result.version });
}

export function isDeploymentResult(value: unknown): value is DeploymentResult {
  return typeof value === 'object' && value !== null && typeof (value as DeploymentResult).deploymentId === 'string';
}

/** `clientIp` / `uri` of a write, for `api_post_event`. */
export function requestOrigin(req: Request): { clientIp: string; uri: string } {
  return { clientIp: req.ip ?? req.socket.remoteAddress ?? '', uri: req.originalUrl };
}
