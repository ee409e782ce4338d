/**
 * Typed errors with stable codes. Apps map codes to HTTP in one place each, and
 * `@strato/service` maps them to gRPC status (the code travels in metadata, never in the text).
 */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'CONFLICT'
  | 'PERMISSION_DENIED'
  | 'FAILED_PRECONDITION'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export class StratoError extends Error {
  override readonly name: string = 'StratoError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

export const invalidArgument = (message: string, details?: Record<string, unknown>) =>
  new StratoError('INVALID_ARGUMENT', message, details);
export const notFound = (message: string) => new StratoError('NOT_FOUND', message);
export const permissionDenied = (message: string) => new StratoError('PERMISSION_DENIED', message);
export const failedPrecondition = (message: string) => new StratoError('FAILED_PRECONDITION', message);
export const unavailable = (message: string) => new StratoError('UNAVAILABLE', message);

/** The message of anything thrown, for logs and error answers. */
export function getErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

export function isStratoError(error: unknown, code?: ErrorCode): error is StratoError {
  return error instanceof StratoError && (code === undefined || error.code === code);
}
