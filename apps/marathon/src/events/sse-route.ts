import { Clock, TimerHandle } from '@strato/clock';
import { Logger } from '@strato/service';
import { Express, Request, Response } from 'express';
import { EventBus } from './event-bus';
import { MarathonEvent } from './events';

export const DEFAULT_KEEP_ALIVE_MS = 15_000;

export interface SseOptions {
  readonly clock: Clock;
  /** Interval of the `:` keep-alive comment lines; Jetty's EventSourceServlet sends them too. */
  readonly keepAliveMs?: number;
  readonly logger?: Logger;
}

export interface SseHandle {
  /** Open streams. */
  connections(): number;
  /** Ends every open stream (shutdown, leadership loss). */
  closeAll(): void;
}

/** One SSE frame: `event:` line, single-line JSON `data:` line, blank line. */
export function sseFrame(event: MarathonEvent): string {
  return `event: ${event.eventType}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * `GET /v2/events`. Deviation: without `Accept: text/event-stream` Marathon's Jetty answers 405 with an
 * HTML page; we answer 406 Not Acceptable with Marathon's `{"message"}` JSON error shape.
 */
export function sseRoute(app: Express, bus: EventBus, options: SseOptions): SseHandle {
  const open = new Set<() => void>();
  const keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;

  app.get('/v2/events', (req, res) => {
    if (!acceptsEventStream(req)) {
      res.status(406).json({ message: 'GET /v2/events requires the header Accept: text/event-stream' });
      return;
    }
    const close = stream(req, res, bus, options.clock, keepAliveMs, options.logger);
    open.add(close);
    res.once('close', () => open.delete(close));
  });

  return {
    connections: () => open.size,
    closeAll: () => [...open].forEach((close) => close()),
  };
}

function acceptsEventStream(req: Request): boolean {
  return (req.get('accept') ?? '').toLowerCase().includes('text/event-stream');
}

function eventTypeFilter(req: Request): Set<string> | undefined {
  const raw = req.query.event_type;
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string' && v !== '');
  return values.length > 0 ? new Set(values) : undefined;
}

/** Serves one stream until the client goes away, it is dropped, or `close` is called; returns `close`. */
function stream(req: Request, res: Response, bus: EventBus, clock: Clock, keepAliveMs: number, logger?: Logger): () => void {
  const remoteAddress = req.socket.remoteAddress ?? 'unknown';
  let backedUp = false;
  let timer: TimerHandle | undefined;
  let finished = false;

  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Connection', 'keep-alive');
  res.flushHeaders();
  req.socket.setNoDelay(true);

  const write = (text: string): boolean => {
    const flushed = res.write(text);
    if (!flushed) backedUp = true;
    return flushed;
  };
  const keepAlive = (): void => {
    // A backed-up socket already has bytes pending; piling comments on it would only grow the buffer.
    if (!backedUp) write(':\n\n');
    timer = clock.setTimeout(keepAlive, keepAliveMs);
  };

  const unsubscribe = bus.subscribe(eventTypeFilter(req), {
    write: (event) => write(sseFrame(event)),
    whenDrained: (resume) =>
      res.once('drain', () => {
        backedUp = false;
        resume();
      }),
    drop: (reason) => {
      logger?.warn({ remoteAddress, reason }, 'event stream dropped');
      // Destroy rather than end: ending would queue behind the very bytes the client isn't reading.
      res.destroy();
    },
  });

  const cleanup = (): void => {
    if (finished) return;
    finished = true;
    clock.clearTimeout(timer);
    unsubscribe();
    logger?.info({ remoteAddress }, 'event stream detached');
    bus.publish({ eventType: 'event_stream_detached', remoteAddress });
  };
  res.once('close', cleanup);

  logger?.info({ remoteAddress }, 'event stream attached');
  bus.publish({ eventType: 'event_stream_attached', remoteAddress });
  timer = clock.setTimeout(keepAlive, keepAliveMs);

  return () => {
    cleanup();
    res.end();
  };
}
