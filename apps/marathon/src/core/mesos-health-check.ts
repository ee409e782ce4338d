import type { AppDefinition, HealthCheck as AppHealthCheck } from '@strato/app-definition';
import type { HealthCheck } from '@strato/domain';

const AGENT_RUN = new Set(['MESOS_HTTP', 'MESOS_HTTPS', 'MESOS_TCP', 'COMMAND']);

/**
 * The agent-run health check (MESOS_HTTP, MESOS_HTTPS, MESOS_TCP or COMMAND) of an app, as the
 * TaskInfo carries it to the agent, with the port resolved to the instance's host port. Validation
 * allows at most one such check per app. Marathon-run checks (HTTP, HTTPS, TCP) are not sent.
 */
export function mesosHealthCheck(app: AppDefinition, hostPorts: readonly number[]): HealthCheck | undefined {
  const check = app.healthChecks.find((h) => AGENT_RUN.has(h.protocol));
  if (!check) return undefined;
  const timing = {
    delaySeconds: check.delaySeconds,
    intervalSeconds: check.intervalSeconds,
    timeoutSeconds: check.timeoutSeconds,
    consecutiveFailures: check.maxConsecutiveFailures,
    gracePeriodSeconds: check.gracePeriodSeconds,
  };
  if (check.protocol === 'COMMAND') {
    const command = { value: check.command?.value ?? '', shell: true, arguments: [], environment: {}, uris: [] };
    return { type: 'COMMAND', ...timing, command };
  }
  const port = portOf(check, hostPorts);
  if (check.protocol === 'MESOS_TCP') return { type: 'TCP', ...timing, tcp: { port } };
  const scheme = check.protocol === 'MESOS_HTTPS' ? 'https' : 'http';
  return { type: 'HTTP', ...timing, http: { scheme, port, path: check.path ?? '/', statuses: [] } };
}

function portOf(check: AppHealthCheck, hostPorts: readonly number[]): number {
  if (check.port !== undefined && check.port > 0) return check.port;
  return hostPorts[check.portIndex ?? 0] ?? 0;
}
