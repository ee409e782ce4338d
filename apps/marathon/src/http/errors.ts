import { ErrorCode, getErrorMessage, isStratoError } from '@strato/errors';
import { NextFunction, Request, Response } from 'express';

const STATUS: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 422,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CONFLICT: 409,
  PERMISSION_DENIED: 403,
  FAILED_PRECONDITION: 409,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** A malformed request parameter (a boolean query parameter that is neither `true` nor `false`, ...): 400. */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}

/**
 * The one place that maps errors to Marathon's HTTP answers: 400 for malformed JSON and bad parameters, the typed
 * codes to 422/404/409/403/503 with `{message, details?}`; anything unexpected is logged and 500.
 */
export function marathonErrorHandler(log: (error: unknown) => void) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    if (error instanceof BadRequestError) {
      res.status(400).json({ message: error.message });
      return;
    }
    const e = error as { type?: string; status?: number };
    if (e?.type === 'entity.parse.failed' || (e?.status === 400 && e?.type)) {
      res.status(400).json({ message: 'Invalid JSON', details: [{ path: '/', errors: [getErrorMessage(error)] }] });
      return;
    }
    if (e?.type === 'entity.too.large') {
      res.status(413).json({ message: 'Request entity too large' });
      return;
    }
    if (isStratoError(error)) {
      res.status(STATUS[error.code]).json({ message: error.message, ...(error.details ?? {}) });
      return;
    }
    log(error);
    res.status(500).json({ message: getErrorMessage(error) });
  };
}

export function notFoundHandler(_req: Request, res: Response): void {
  res.status(404).json({ message: 'URI not found' });
}
