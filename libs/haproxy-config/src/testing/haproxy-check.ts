/**
 * Test helpers: LB options pointing into a temporary folder (with a real self-signed certificate, since
 * `haproxy -c` loads `crt` files) and `haproxyCheck`, which runs the real HAProxy 2.6 on a rendered config.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@strato/testing';
import type { LbOptions } from '../types';
import type { MarathonApp, MarathonHealthCheck, MarathonTask } from '../marathon';

export const HAPROXY = '/usr/sbin/haproxy';

let folder: string | undefined;
function scratch(): string {
  if (folder) return folder;
  folder = tempDir('haproxy-config-');
  writeFileSync(join(folder, 'global.state'), '1\n'); // an empty state file draws a warning: it needs the version line
  const cert = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=lb.test',
    '-keyout', join(folder, 'key.pem'), '-out', join(folder, 'crt.pem'),
  ]);
  if (cert.status !== 0) throw new Error(`openssl failed: ${cert.stderr.toString()}`);
  writeFileSync(join(folder, 'cert.pem'), readFileSync(join(folder, 'crt.pem'), 'utf8') + readFileSync(join(folder, 'key.pem'), 'utf8'));
  return folder;
}

export function certPath(): string {
  return join(scratch(), 'cert.pem');
}

export function lbOptions(overrides: Partial<LbOptions> = {}): LbOptions {
  const dir = scratch();
  return {
    groups: ['external'],
    strictMode: false,
    healthCheck: true,
    bindHttpHttps: true,
    sslCerts: [],
    httpPort: 80,
    httpsPort: 443,
    statsPort: 9090,
    adminSocket: join(dir, 'admin.sock'),
    serverStateFile: join(dir, 'global.state'),
    ...overrides,
  };
}

let checked = 0;

/** Runs `haproxy -c -f`; returns HAProxy's output when the config is rejected or draws a warning, else ''. */
export function haproxyCheck(text: string): string {
  const file = join(scratch(), `check-${++checked}.cfg`);
  writeFileSync(file, text);
  const run = spawnSync(HAPROXY, ['-c', '-f', file], { encoding: 'utf8', timeout: 20_000 });
  const output = `${run.stdout}${run.stderr}`;
  const bad = run.status !== 0 || /\[(ALERT|WARNING)\]/.test(output);
  return bad ? `haproxy -c exited ${run.status}:\n${output}\n--- config ---\n${text}` : '';
}

/** A running task on an IP-literal host. */
export function task(id: string, host: string, ports: number[], extra: Partial<MarathonTask> = {}): MarathonTask {
  return { id, appId: '', host, ports, ipAddresses: [], state: 'TASK_RUNNING', ...extra };
}

/** An app in group `external` with one service port per entry of `servicePorts`. */
export function app(id: string, servicePorts: number[], tasks: MarathonTask[], extra: Partial<MarathonApp> = {}): MarathonApp {
  return {
    id,
    labels: { HAPROXY_GROUP: 'external', ...extra.labels },
    instances: tasks.length,
    servicePorts,
    healthChecks: [],
    tasks: tasks.map((t) => ({ ...t, appId: id })),
    ipPerTask: false,
    containerPorts: [],
    ...extra,
    ...(extra.labels ? { labels: { HAPROXY_GROUP: 'external', ...extra.labels } } : {}),
  };
}

/** An HTTP health check on the first port, as Marathon returns it. */
export const httpCheck: MarathonHealthCheck = {
  protocol: 'HTTP',
  path: '/health',
  portIndex: 0,
  intervalSeconds: 10,
  timeoutSeconds: 5,
  maxConsecutiveFailures: 3,
};
