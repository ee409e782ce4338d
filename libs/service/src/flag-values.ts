import { parseDuration } from './duration';
import { parseHostPort } from './address';

export type RawFlags = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Typed, validated reads of parsed flags; every error names the flag, e.g.
 * "invalid --port '99999': expected an integer from 0 to 65535".
 */
export class FlagValues {
  constructor(private readonly raw: RawFlags) {}

  /** The trimmed value, or undefined when absent or empty. */
  text(name: string): string | undefined {
    const value = this.raw[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  }

  required(name: string, what = ''): string {
    const value = this.text(name);
    if (value === undefined) throw new Error(`--${name} is required${what ? ` (${what})` : ''}`);
    return value;
  }

  integer(name: string, fallback: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const text = this.text(name) ?? fallback;
    const n = Number(text);
    if (!/^-?\d+$/.test(text) || n < min || n > max) {
      throw new Error(`invalid --${name} '${text}': expected an integer from ${min} to ${max}`);
    }
    return n;
  }

  port(name: string, fallback: string): number {
    return this.integer(name, fallback, 0, 65535);
  }

  /** A finite number greater than `above` (default 0). */
  number(name: string, fallback: string, above = 0): number {
    const text = this.text(name) ?? fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= above) throw new Error(`invalid --${name} '${text}': expected a number greater than ${above}`);
    return n;
  }

  /** A Mesos duration in ms; `positive` refuses 0. */
  duration(name: string, fallback: string, positive = false): number {
    const text = this.text(name) ?? fallback;
    let ms: number;
    try {
      ms = parseDuration(text);
    } catch (error) {
      throw new Error(`invalid --${name}: ${(error as Error).message}`);
    }
    if (positive && ms <= 0) throw new Error(`invalid --${name} '${text}': must be greater than 0`);
    return ms;
  }

  hostPort(name: string): string {
    const value = this.required(name);
    try {
      parseHostPort(value);
    } catch (error) {
      throw new Error(`invalid --${name}: ${(error as Error).message}`);
    }
    return value;
  }
}
