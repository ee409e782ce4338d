/** A non-2xx answer: the status and the parsed JSON body (or the text). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
  }

  /** Field errors in Marathon's shape (`details: [{ path, errors: [...] }]`), flattened. */
  get fieldErrors(): { path: string; message: string }[] {
    const details = (this.body as { details?: { path?: string; errors?: string[] }[] } | undefined)?.details;
    if (!Array.isArray(details)) return [];
    return details.flatMap((d) => (d.errors ?? []).map((message) => ({ path: d.path ?? '', message })));
  }
}

async function parse(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sends a request to the service that served the page; resolves with the JSON answer, rejects with `ApiError`. */
export async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = await parse(res);
  if (!res.ok) {
    const message = typeof parsed === 'object' && parsed !== null && 'message' in parsed ? String((parsed as { message: unknown }).message) : typeof parsed === 'string' && parsed ? parsed : res.statusText;
    throw new ApiError(res.status, parsed, `${res.status}: ${message}`);
  }
  return parsed as T;
}

export const getJson = <T>(url: string): Promise<T> => request<T>('GET', url);
