import { getErrorMessage, unavailable } from '@strato/errors';
import { SseParser } from './sse-parser';

/** The events that can change what HAProxy should route (marathon-lb's three, plus app removal). */
export const LB_EVENT_TYPES = ['status_update_event', 'health_status_changed_event', 'api_post_event', 'app_terminated_event'] as const;

export interface StreamHandlers {
  /** The stream answered 200: resync now, events from here on are not lost. */
  onOpen(url: string): void;
  onEvent(type: string, data: string): void;
}

/** What the watcher needs from Marathon; a fake in tests. */
export interface EventStreamSource {
  /** Streams until the connection ends (resolves) or fails (rejects); `signal` ends it early. */
  stream(handlers: StreamHandlers, signal: AbortSignal): Promise<void>;
}

export interface MarathonClientOptions {
  /** No byte (not even a keep-alive) for this long means a dead connection. Our Marathon sends one every 15 s. */
  readonly silenceMs?: number;
  readonly requestTimeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/**
 * Marathon's public REST API as the LB uses it, over several Marathon URLs tried in order; the one that
 * answered last is tried first next time (marathon-lb's "stick to the host that worked").
 */
export class MarathonClient implements EventStreamSource {
  private urls: string[];
  private readonly fetch: typeof fetch;
  private readonly silenceMs: number;
  private readonly requestTimeoutMs: number;

  constructor(urls: readonly string[], options: MarathonClientOptions = {}) {
    if (urls.length === 0) throw new Error('at least one Marathon URL is needed');
    this.urls = [...urls];
    this.fetch = options.fetch ?? fetch;
    this.silenceMs = options.silenceMs ?? 60_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 46_000;
  }

  /** `GET /v2/apps?embed=apps.tasks` as parsed JSON (converted to domain types by the caller). */
  async apps(): Promise<unknown> {
    return this.firstAnswering(async (base) => {
      const res = await this.fetch(`${base}/v2/apps?embed=apps.tasks`, {
        headers: { accept: 'application/json', 'user-agent': 'strato-lb' },
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      if (!res.ok) throw unavailable(`${base}/v2/apps answered ${res.status}`);
      return res.json();
    });
  }

  async stream(handlers: StreamHandlers, signal: AbortSignal): Promise<void> {
    const res = await this.firstAnswering((base) => this.openStream(`${base}${eventsPath()}`, signal));
    handlers.onOpen(res.url);
    await this.read(res.response, handlers, signal);
  }

  private async firstAnswering<T>(attempt: (base: string) => Promise<T>): Promise<T> {
    const errors: string[] = [];
    for (const base of [...this.urls]) {
      try {
        const result = await attempt(base);
        this.urls = [base, ...this.urls.filter((u) => u !== base)];
        return result;
      } catch (error) {
        errors.push(`${base}: ${getErrorMessage(error)}`);
      }
    }
    throw unavailable(`no Marathon answered (${errors.join('; ')})`);
  }

  /** Follows one redirect, as a non-leader Marathon (≥ 1.7) redirects `/v2/events` to the leader. */
  private async openStream(url: string, signal: AbortSignal): Promise<{ url: string; response: Response }> {
    const get = (target: string) =>
      this.fetch(target, { headers: { accept: 'text/event-stream', 'cache-control': 'no-cache', 'user-agent': 'strato-lb' }, redirect: 'manual', signal });
    let response = await get(url);
    let target = url;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      target = new URL(location, url).toString();
      response = await get(target);
    }
    if (response.status !== 200 || !response.body) {
      await response.body?.cancel();
      throw unavailable(`${target} answered ${response.status}`);
    }
    return { url: target, response };
  }

  private async read(response: Response, handlers: StreamHandlers, signal: AbortSignal): Promise<void> {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    let timer: NodeJS.Timeout | undefined;
    let silent!: (error: Error) => void;
    const silence = new Promise<never>((_, reject) => (silent = reject));
    silence.catch(() => undefined);
    const rearm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => silent(unavailable(`event stream silent for ${this.silenceMs} ms`)), this.silenceMs);
    };
    rearm();
    try {
      while (!signal.aborted) {
        const chunk = await Promise.race([reader.read(), silence]);
        if (chunk.done) return;
        rearm();
        for (const message of parser.feed(decoder.decode(chunk.value, { stream: true }))) handlers.onEvent(message.event, message.data);
      }
    } finally {
      clearTimeout(timer);
      await reader.cancel().catch(() => undefined);
    }
  }
}

function eventsPath(): string {
  return `/v2/events?plan-format=light&${LB_EVENT_TYPES.map((t) => `event_type=${t}`).join('&')}`;
}
