import { NextFunction, Request, RequestHandler, Response } from 'express';

const ALLOW_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';
const DEFAULT_ALLOW_HEADERS = 'Content-Type, Accept, Authorization';

function allowOrigin(res: Response): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
}

/**
 * Chronos' CorsFilter: every response may be read by any origin (the UI is often served elsewhere), and
 * preflights are answered here with 204 before any route sees them.
 */
export function cors(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    allowOrigin(res);
    if (req.method !== 'OPTIONS') return next();
    res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
    // Echo what the browser asks for: the API has no header it wants to hide.
    const requested = req.headers['access-control-request-headers'];
    res.setHeader('Access-Control-Allow-Headers', typeof requested === 'string' && requested ? requested : DEFAULT_ALLOW_HEADERS);
    res.setHeader('Access-Control-Max-Age', '86400');
    res.status(204).end();
  };
}

/**
 * Errors raised before `cors()` ran (the shared JSON parser is installed first by `createHttpApp`) skip it;
 * this error middleware adds the header on their way to the error handler.
 */
export function corsOnError() {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (!res.headersSent) allowOrigin(res);
    next(error);
  };
}
