// Probes for the cluster part of bench:lb: Marathon's event stream (SSE), HAProxy's runtime state of one
// backend polled on the admin socket (`show servers state <backend>`), and HTTP requests through HAProxy.
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { socketCommand } from '../../apps/lb/src/haproxy/socket-cli';

export interface MarathonEvent {
  readonly eventType: string;
  readonly appId?: string;
  readonly taskId?: string;
  readonly taskStatus?: string;
  readonly host?: string;
  readonly ports?: readonly number[];
  readonly alive?: boolean;
}

/** Subscribes to `GET /v2/events` (only `types`); `received` gets each event with `performance.now()` at its arrival. */
export async function subscribeEvents(url: string, types: readonly string[], received: (event: MarathonEvent, at: number) => void): Promise<{ close(): void }> {
  const abort = new AbortController();
  const query = types.map((t) => `event_type=${t}`).join('&');
  const res = await fetch(`${url}/v2/events?${query}`, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`GET /v2/events: ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    let buffer = '';
    let data: string[] = [];
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const at = performance.now();
        buffer += decoder.decode(value, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line === '' && data.length > 0) {
            received(JSON.parse(data.join('\n')) as MarathonEvent, at);
            data = [];
          } else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
      }
    } catch {
      /* aborted, or the stream died: the waits time out and say so */
    }
  })();
  return { close: () => abort.abort() };
}

/**
 * `addr:port` → `usable` or `op_state/admin_state` of the servers in a `show servers state <backend>` answer
 * (format 1; the columns are named in its `#` line). Usable: srv_op_state 2 (running) and no maintenance or
 * drain flag in srv_admin_state (FMAINT 0x01, IMAINT 0x02, FDRAIN 0x08, IDRAIN 0x10, RMAINT 0x20). CMAINT (0x04)
 * only records that the config said `disabled`: a slot filled at runtime (`state ready`) keeps it and serves.
 * A missing backend ("Can't find backend") has none.
 */
export function serverStates(answer: string): Map<string, string> {
  const lines = answer.split('\n');
  const header = lines.find((l) => l.startsWith('# '));
  const states = new Map<string, string>();
  if (!header) return states;
  const cols = header.slice(2).trim().split(/\s+/);
  const [addr, port, op, admin] = ['srv_addr', 'srv_port', 'srv_op_state', 'srv_admin_state'].map((c) => cols.indexOf(c));
  for (const line of lines) {
    if (!/^\d+ /.test(line)) continue;
    const f = line.trim().split(/\s+/);
    const key = `${f[addr]}:${f[port]}`;
    const usable = f[op] === '2' && (Number(f[admin]) & BLOCKING) === 0;
    if (states.get(key) !== USABLE) states.set(key, usable ? USABLE : `${f[op]}/${f[admin]}`);
  }
  return states;
}

/** SRV_ADMF_FMAINT | IMAINT | FDRAIN | IDRAIN | RMAINT (HAProxy's server-t.h). */
const BLOCKING = 0x01 | 0x02 | 0x08 | 0x10 | 0x20;
export const USABLE = 'usable';

export interface Watch {
  readonly address: string;
  /** `usable`: until the address is served; `gone`: until it is not. */
  readonly want: 'usable' | 'gone';
  /** `performance.now()` of the event. */
  readonly since: number;
  /** Wall-clock ms of the event (to match lb's log lines). */
  readonly sinceWall: number;
  readonly taskId: string;
}

export interface Settled extends Watch {
  /** ms from the event to the first poll that saw the wanted state; undefined: timed out. */
  readonly ms?: number;
  readonly atWall: number;
  /** Already in the wanted state at the first poll after the event. */
  readonly firstPoll: boolean;
  /** When timed out: the address's last `op_state/admin_state`, or `absent`. */
  readonly last?: string;
}

/** Polls `show servers state <backend>` every `intervalMs` while any watch is pending, settling each once its wanted state shows. */
export class BackendWatcher {
  private readonly pending: { watch: Watch; polls: number; done: (s: Settled) => void }[] = [];
  private timer?: NodeJS.Timeout;
  private polling = false;
  polls = 0;
  pollErrors = 0;

  constructor(private readonly socket: string, private readonly backend: string, private readonly intervalMs = 5, private readonly timeoutMs = 15_000) {}

  watch(watch: Watch): Promise<Settled> {
    return new Promise((done) => {
      this.pending.push({ watch, polls: 0, done });
      this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
      void this.poll();
    });
  }

  get size(): number {
    return this.pending.length;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    let states: Map<string, string> | undefined;
    try {
      states = serverStates(await socketCommand(this.socket, `show servers state ${this.backend}`, 2_000));
      this.polls++;
    } catch {
      this.pollErrors++; // during a reload the socket may briefly refuse: poll again
    }
    const now = performance.now();
    const wall = Date.now();
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const p = this.pending[i];
      const state = states?.get(p.watch.address) ?? 'absent';
      const hit = states && (p.watch.want === 'usable') === (state === USABLE);
      const expired = now - p.watch.since > this.timeoutMs;
      if (states) p.polls++;
      if (hit || expired) {
        this.pending.splice(i, 1);
        p.done({ ...p.watch, ms: hit ? now - p.watch.since : undefined, atWall: wall, firstPoll: !!hit && p.polls === 1, ...(!hit && { last: state }) });
      }
    }
    if (this.pending.length === 0) this.stop();
    this.polling = false;
  }
}

/** One request through HAProxy on a new connection (tcp mode: a kept-alive one would stick to one server). */
export function getOnce(port: number, timeoutMs = 1_000): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
      res.on('error', () => resolve(''));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(''));
    req.end();
  });
}

/** Requests through HAProxy until one answers with `taskId`: the number of requests, or undefined after `deadlineMs`. */
export async function reachTask(port: number, taskId: string, deadlineMs = 3_000): Promise<{ requests: number; ms: number } | undefined> {
  const start = performance.now();
  for (let n = 1; performance.now() - start < deadlineMs; n++) {
    if ((await getOnce(port)) === taskId) return { requests: n, ms: performance.now() - start };
    await new Promise((r) => setTimeout(r, 5));
  }
  return undefined;
}
