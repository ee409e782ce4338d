export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Parses `host:port` (or `[::1]:port`); `http://` prefixes are accepted and ignored. */
export function parseHostPort(text: string, defaultPort?: number): HostPort {
  const trimmed = text.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(trimmed);
  const port = match?.[2] !== undefined ? Number(match[2]) : defaultPort;
  if (!match || port === undefined || port > 65535) {
    throw new Error(`invalid address '${text}': expected host:port`);
  }
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}
