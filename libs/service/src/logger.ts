import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON log lines on stdout, one per event, tagged with the service name. */
export function createLogger(service: string, level = process.env.STRATO_LOG_LEVEL ?? 'info'): Logger {
  return pino({ base: { service, pid: process.pid }, level, timestamp: pino.stdTimeFunctions.isoTime });
}
