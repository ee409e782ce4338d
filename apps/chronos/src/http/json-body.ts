import { invalidArgument } from '@strato/errors';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { PayloadTooLargeError } from './errors';

/** Chronos' job bodies are small; 1 MB leaves room for long commands and environments. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * `createHttpApp` already parsed `application/json` bodies with its own, larger limit, so the route limit is
 * checked against the declared length (chunked bodies are bounded by the shared parser's limit).
 */
function declaredLengthWithinLimit(req: Request, _res: Response, next: NextFunction): void {
  const length = Number(req.headers['content-length'] ?? 0);
  next(length > BODY_LIMIT_BYTES ? new PayloadTooLargeError(`Request body over ${BODY_LIMIT_BYTES} bytes`) : undefined);
}

/** curl users forget `-H 'Content-Type: application/json'`: a body without a content type is read as text. */
const textWithoutContentType = express.text({ type: (req) => !req.headers['content-type'], limit: BODY_LIMIT_BYTES });

/** Ensures `req.body` holds the parsed JSON of a non-empty body; otherwise a 400 that says what to send. */
function requireJson(req: Request, _res: Response, next: NextFunction): void {
  const length = req.headers['content-length'];
  const hasBody = (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
  // The JSON parser turns an empty body into `{}`; an empty body is a client mistake, not an empty job.
  if (!hasBody) throw invalidArgument('Request body is empty: send the job definition as JSON');
  if (typeof req.body === 'string' && !req.headers['content-type']) {
    req.body = parseJsonText(req.body);
    return next();
  }
  if (!req.is('application/json')) {
    const type = req.headers['content-type'] ?? '';
    throw invalidArgument(`Unsupported Content-Type '${type}': send the job definition as JSON (Content-Type: application/json)`);
  }
  next();
}

function parseJsonText(text: string): unknown {
  if (text.trim() === '') throw invalidArgument('Request body is empty: send the job definition as JSON');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidArgument(`Invalid JSON: ${(error as Error).message}`);
  }
}

/** Middleware chain of the job-writing routes. */
export function jsonBody(): RequestHandler[] {
  return [declaredLengthWithinLimit, textWithoutContentType, requireJson];
}
