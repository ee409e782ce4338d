import { ErrorCode, getErrorMessage, isStratoError } from '@strato/errors';
import { NextFunction, Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';

/**
 * HTTP status of each typed code. Chronos itself only ever answered 400 and 500; the other codes get their
 * natural status so that, say, a not-leader UNAVAILABLE is retried by clients instead of looking like a bug.
 */
const STATUS: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CONFLICT: 409,
  PERMISSION_DENIED: 403,
  FAILED_PRECONDITION: 409,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** A request body over the limit of its route (the shared JSON parser allows more than Chronos routes do). */
export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

/** Chronos' `ApiResult` entity: `{message, status}` where status is the reason phrase. */
export function sendError(res: Response, status: number, message: string): void {
  res.status(status).json({ message, status: STATUS_CODES[status] ?? 'Error' });
}

/** Errors raised by body-parser carry `type` and a 4xx `status` that is safe to show. */
interface ParserError {
  readonly type?: unknown;
  readonly status?: unknown;
  readonly expose?: unknown;
}

/**
 * The one place that maps errors to Chronos' HTTP answers: typed errors and body parsing failures to
 * `{message, status}` with 400 / 404 / 413 / ...; anything unexpected is logged and answered 500 with its
 * message only (Chronos put the Java stack trace in `message`; we never do).
 */
export function chronosErrorHandler(log: (error: unknown) => void) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    const parser = (error ?? {}) as ParserError;
    if (parser.type === 'entity.parse.failed') return sendError(res, 400, `Invalid JSON: ${getErrorMessage(error)}`);
    if (parser.type === 'entity.too.large' || error instanceof PayloadTooLargeError) {
      return sendError(res, 413, 'Request entity too large');
    }
    if (isStratoError(error) && error.code !== 'INTERNAL') return sendError(res, STATUS[error.code], error.message);
    if (typeof parser.type === 'string' && parser.expose === true && typeof parser.status === 'number' && parser.status < 500) {
      return sendError(res, parser.status, getErrorMessage(error));
    }
    log(error);
    sendError(res, 500, getErrorMessage(error));
  };
}

/** Unknown paths: Chronos' Jetty answered 404 too; the body keeps the error entity's shape. */
export function notFoundHandler(req: Request, res: Response): void {
  sendError(res, 404, `No route for ${req.method} ${req.path}`);
}
