import { CommandInfo, HealthCheck } from '@strato/domain';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import * as https from 'node:https';
import { connect } from 'node:net';
import { commandLine } from './process-containerizer';

/** One health check attempt's outcome; `cause` says why it failed. */
export interface ProbeResult {
  readonly healthy: boolean;
  readonly cause?: string;
}

/**
 * Runs one check. It must settle soon after `signal` aborts (the runner's timeout) and leave
 * nothing behind: no socket, no process.
 */
export type HealthProbe = (signal: AbortSignal) => Promise<ProbeResult>;

/** Where a task's COMMAND check runs: its sandbox, with its environment. */
export interface ProbeContext {
  readonly sandbox: string;
  readonly env: Readonly<Record<string, string>>;
}

const HOST = '127.0.0.1';

const validPort = (port: number | undefined): port is number => Number.isInteger(port) && port! > 0 && port! < 65536;

/** Why the agent cannot run this check (the task is then refused), or undefined. */
export function invalidHealthCheck(check: HealthCheck): string | undefined {
  const positive = (name: string, v: number, min: number) => (Number.isFinite(v) && v >= min ? undefined : `${name} must be >= ${min}`);
  const bad =
    positive('delay_seconds', check.delaySeconds, 0) ??
    positive('interval_seconds', check.intervalSeconds, 0) ??
    positive('timeout_seconds', check.timeoutSeconds, 0) ??
    positive('grace_period_seconds', check.gracePeriodSeconds, 0) ??
    positive('consecutive_failures', check.consecutiveFailures, 0);
  if (bad) return `Invalid health check: ${bad}`;
  switch (check.type) {
    case 'HTTP': {
      const scheme = check.http?.scheme || 'http';
      if (!check.http || !validPort(check.http.port)) return 'Invalid health check: HTTP check needs a port';
      if (scheme !== 'http' && scheme !== 'https') return `Invalid health check: unsupported HTTP scheme '${scheme}'`;
      return undefined;
    }
    case 'TCP':
      return check.tcp && validPort(check.tcp.port) ? undefined : 'Invalid health check: TCP check needs a port';
    case 'COMMAND':
      return check.command && check.command.value.trim() !== '' ? undefined : 'Invalid health check: COMMAND check needs a command';
  }
}

/** The probe for a (valid) check. */
export function probeFor(check: HealthCheck, context: ProbeContext): HealthProbe {
  switch (check.type) {
    case 'HTTP':
      return httpProbe(check.http!.scheme || 'http', check.http!.port, check.http!.path);
    case 'TCP':
      return tcpProbe(check.tcp!.port);
    case 'COMMAND':
      return commandProbe(check.command!, context);
  }
}

/** GET scheme://127.0.0.1:port/path; 200–399 is healthy (no redirect is followed). Any certificate is accepted. */
export function httpProbe(scheme: string, port: number, path: string): HealthProbe {
  const url = `${scheme}://${HOST}:${port}${path.startsWith('/') ? path : `/${path}`}`;
  const client = scheme === 'https' ? https : http;
  return (signal) =>
    new Promise<ProbeResult>((resolve) => {
      const options: https.RequestOptions = { method: 'GET', agent: false, signal, rejectUnauthorized: false };
      const req = client.request(url, options, (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        res.destroy();
        if (status >= 200 && status < 400) resolve({ healthy: true });
        else resolve({ healthy: false, cause: `HTTP GET ${url} returned ${status}` });
      });
      req.on('error', (e) => resolve({ healthy: false, cause: `HTTP GET ${url} failed: ${e.message}` }));
      req.end();
    });
}

/** Healthy when a TCP connection to 127.0.0.1:port can be opened (`mesos-tcp-connect`). */
export function tcpProbe(port: number): HealthProbe {
  return (signal) =>
    new Promise<ProbeResult>((resolve) => {
      const socket = connect({ host: HOST, port, signal });
      socket.once('connect', () => {
        socket.destroy();
        resolve({ healthy: true });
      });
      socket.once('error', (e) => {
        socket.destroy();
        resolve({ healthy: false, cause: `Failed to connect to ${HOST}:${port}: ${e.message}` });
      });
    });
}

/**
 * Runs the check's command (`/bin/sh -c` unless `shell` is false) in the sandbox with the task's
 * environment, as a process group of its own; exit 0 is healthy. Abort SIGKILLs the whole group.
 */
export function commandProbe(command: CommandInfo, context: ProbeContext): HealthProbe {
  const { file, args, argv0 } = commandLine(command);
  return (signal) =>
    new Promise<ProbeResult>((resolve) => {
      if (signal.aborted) return resolve({ healthy: false, cause: 'Command health check aborted' });
      const child = spawn(file, args, {
        argv0,
        cwd: context.sandbox,
        env: { ...context.env, ...command.environment },
        detached: true,
        stdio: 'ignore',
      });
      const killGroup = () => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // ESRCH: nothing left in the group.
        }
      };
      signal.addEventListener('abort', killGroup, { once: true });
      child.once('error', (e) => {
        signal.removeEventListener('abort', killGroup);
        resolve({ healthy: false, cause: `Failed to run health check command: ${e.message}` });
      });
      child.once('exit', (code, sig) => {
        signal.removeEventListener('abort', killGroup);
        killGroup(); // stragglers the command left in its group
        if (code === 0) resolve({ healthy: true });
        else resolve({ healthy: false, cause: sig ? `Command health check terminated with signal ${sig}` : `Command health check exited with status ${code}` });
      });
    });
}
