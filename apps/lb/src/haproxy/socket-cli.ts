import { createConnection } from 'node:net';

/**
 * Sends one command to an HAProxy CLI socket (runtime API or master CLI) and resolves with the whole answer.
 * The write side is half-closed after the command: HAProxy 2.6's master CLI only answers then reliably.
 */
export function socketCommand(path: string, command: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${path}: no answer to '${command}' within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => socket.end(`${command}\n`));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', (hadError) => {
      clearTimeout(timer);
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/**
 * Answers of the runtime commands we send that mean success: nothing (`set server ... state`, `enable`), or
 * the address/port report of `set server ... addr`. Anything else ("No such server.", "Require ...") is a failure.
 */
export function isExpectedAnswer(answer: string): boolean {
  const text = answer.trim();
  return text === '' || /^(IP changed from|no need to change|port changed from|addr changed)/i.test(text);
}

export interface ProcList {
  readonly masterPid: number;
  readonly reloads: number;
  readonly failedReloads: number;
  /** Workers with how many reloads they have lived through: the newest has 0. */
  readonly workers: readonly { readonly pid: number; readonly reloads: number }[];
}

/** Parses the master CLI's `show proc` (HAProxy 2.6 layout); undefined when it has no master line. */
export function parseShowProc(text: string): ProcList | undefined {
  let master: { pid: number; reloads: number; failed: number } | undefined;
  const workers: { pid: number; reloads: number }[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+)\s+(master|worker)\s+(\d+)(?:\s+\[failed:\s*(\d+)\])?/.exec(line.trim());
    if (!m) continue;
    if (m[2] === 'master') master = { pid: Number(m[1]), reloads: Number(m[3]), failed: Number(m[4] ?? 0) };
    else workers.push({ pid: Number(m[1]), reloads: Number(m[3]) });
  }
  return master && { masterPid: master.pid, reloads: master.reloads, failedReloads: master.failed, workers };
}
