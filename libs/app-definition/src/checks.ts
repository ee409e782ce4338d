import type { AppCheck, HealthCheck, HealthCheckProtocol, ReadinessCheck } from './types';
import type { AppInput, HealthCheckInput, ReadinessCheckInput } from './wire-types';

/** Defaults of health, readiness and Mesos checks (Marathon healthCheck.raml, readinessCheck.raml, check.raml). */

export const HEALTH_CHECK_DEFAULTS = {
  gracePeriodSeconds: 300,
  intervalSeconds: 60,
  timeoutSeconds: 20,
  maxConsecutiveFailures: 3,
  delaySeconds: 15,
} as const;

export const READINESS_CHECK_DEFAULTS: Omit<ReadinessCheck, 'httpStatusCodesForReady'> = {
  name: 'readinessCheck',
  protocol: 'HTTP',
  path: '/',
  portName: 'http-api',
  intervalSeconds: 30,
  timeoutSeconds: 10,
  preserveLastResponse: false,
};

const HTTP_PROTOCOLS: readonly HealthCheckProtocol[] = ['HTTP', 'HTTPS', 'MESOS_HTTP', 'MESOS_HTTPS'];
const MARATHON_PROTOCOLS: readonly HealthCheckProtocol[] = ['HTTP', 'HTTPS', 'TCP'];
const MESOS_PROTOCOLS: readonly HealthCheckProtocol[] = ['COMMAND', 'MESOS_HTTP', 'MESOS_HTTPS', 'MESOS_TCP'];

/** A check with a command is a COMMAND check whatever its protocol says (as Marathon's conversion). */
export function effectiveProtocol(check: HealthCheckInput): HealthCheckProtocol {
  return check.command ? 'COMMAND' : (check.protocol ?? 'HTTP');
}

export const isMarathonProtocol = (p: HealthCheckProtocol): boolean => MARATHON_PROTOCOLS.includes(p);
export const isMesosProtocol = (p: HealthCheckProtocol): boolean => MESOS_PROTOCOLS.includes(p);

/**
 * Fills a health check with its protocol's defaults and keeps only the fields that protocol uses.
 * Without `port` or `portIndex`, a port check gets `portIndex: 0` when the app has at least one port.
 */
export function normalizeHealthCheck(check: HealthCheckInput, appHasPorts: boolean): HealthCheck {
  const protocol = effectiveProtocol(check);
  const out: HealthCheck = { protocol, ...HEALTH_CHECK_DEFAULTS, ...timing(check) };
  if (protocol === 'COMMAND') {
    if (check.command) out.command = { value: check.command.value };
    return out;
  }
  if (HTTP_PROTOCOLS.includes(protocol)) out.path = check.path ?? '/';
  if (check.port !== undefined) out.port = check.port;
  if (check.portIndex !== undefined) out.portIndex = check.portIndex;
  else if (check.port === undefined && appHasPorts) out.portIndex = 0;
  if (protocol === 'HTTP' || protocol === 'HTTPS') out.ignoreHttp1xx = check.ignoreHttp1xx ?? false;
  out.ipProtocol = check.ipProtocol ?? 'IPv4';
  return out;
}

function timing(check: HealthCheckInput): Partial<HealthCheck> {
  const out: Partial<HealthCheck> = {};
  for (const key of Object.keys(HEALTH_CHECK_DEFAULTS) as (keyof typeof HEALTH_CHECK_DEFAULTS)[]) {
    if (check[key] !== undefined) out[key] = check[key];
  }
  return out;
}

export function normalizeReadinessCheck(check: ReadinessCheckInput): ReadinessCheck {
  return {
    ...READINESS_CHECK_DEFAULTS,
    ...definedOnly(check),
    httpStatusCodesForReady: check.httpStatusCodesForReady?.length ? [...check.httpStatusCodesForReady] : [200],
  };
}

export function normalizeCheck(check: NonNullable<AppInput['check']>): AppCheck {
  const out: AppCheck = { intervalSeconds: 60, timeoutSeconds: 20, delaySeconds: 15, ...definedOnly(check) };
  if (out.http) out.http = { ...out.http, scheme: out.http.scheme ?? 'HTTP' };
  return out;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
