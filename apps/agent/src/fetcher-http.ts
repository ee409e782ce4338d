import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { get as httpGet, IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { pipeline } from 'node:stream/promises';

export interface HttpDownloadOptions {
  /** Fails the download when no data moves for this long (connecting included). */
  readonly stallTimeoutMs: number;
  readonly maxRedirects?: number;
  readonly signal?: AbortSignal;
}

export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Downloads `url` into the file `dest` (created or truncated), following up to 5 redirects.
 * Rejects with a short reason: the HTTP status for a non-2xx answer, a stall, too many redirects.
 * A partly written `dest` is removed on failure.
 */
export async function httpDownload(url: string, dest: string, options: HttpDownloadOptions): Promise<void> {
  const max = options.maxRedirects ?? MAX_REDIRECTS;
  let current = new URL(url);
  for (let hops = 0; ; hops++) {
    const res = await request(current, options);
    const status = res.statusCode ?? 0;
    if (REDIRECTS.has(status) && res.headers.location) {
      res.resume();
      if (hops >= max) throw new Error(`too many redirects (more than ${max})`);
      current = new URL(res.headers.location, current);
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new Error(`redirect to unsupported URI scheme '${current.protocol}'`);
      continue;
    }
    if (status < 200 || status > 299) {
      res.resume();
      throw new Error(`HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`);
    }
    try {
      await pipeline(res, createWriteStream(dest), { signal: options.signal });
    } catch (e) {
      await rm(dest, { force: true });
      throw e;
    }
    return;
  }
}

function request(url: URL, options: HttpDownloadOptions): Promise<IncomingMessage> {
  const get = url.protocol === 'https:' ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    let response: IncomingMessage | undefined;
    const req = get(url, { signal: options.signal, headers: { 'user-agent': 'strato-fetcher' } }, (res) => {
      response = res;
      resolve(res);
    });
    req.on('error', reject);
    // Idle timeout on the socket: covers connecting, waiting for headers and a stalled body.
    req.setTimeout(options.stallTimeoutMs, () => {
      const stalled = new Error(`stalled: no data for ${options.stallTimeoutMs} ms`);
      response?.destroy(stalled);
      req.destroy(stalled);
    });
  });
}
