import { CommandInfo, HealthCheck } from '@strato/domain';
import { freePort, processGroupAlive, tempDir, waitFor } from '@strato/testing';
import { execFileSync } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { commandProbe, httpProbe, invalidHealthCheck, tcpProbe } from './health-probes';

const signal = () => new AbortController().signal;
const sh = (value: string, environment: Record<string, string> = {}): CommandInfo => ({ value, shell: true, arguments: [], environment, uris: [] });

describe('health probes (real sockets and processes)', () => {
  let server: Server;
  let port: number;
  let sandbox: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const status = Number(req.url!.slice(1)) || 200;
      res.writeHead(status, status === 302 ? { location: '/500' } : {});
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    sandbox = tempDir('strato-probe-');
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(sandbox, { recursive: true, force: true });
  });

  it('HTTP: 200–399 is healthy (redirects are not followed), 4xx/5xx and refused connections are not', async () => {
    await expect(httpProbe('http', port, '/200')(signal())).resolves.toEqual({ healthy: true });
    await expect(httpProbe('http', port, '302')(signal())).resolves.toEqual({ healthy: true });
    await expect(httpProbe('http', port, '/399')(signal())).resolves.toEqual({ healthy: true });
    await expect(httpProbe('http', port, '/404')(signal())).resolves.toEqual({
      healthy: false,
      cause: `HTTP GET http://127.0.0.1:${port}/404 returned 404`,
    });
    await expect(httpProbe('http', port, '/500')(signal())).resolves.toMatchObject({ healthy: false });
    const closed = await freePort();
    const refused = await httpProbe('http', closed, '/')(signal());
    expect(refused).toMatchObject({ healthy: false, cause: expect.stringContaining('ECONNREFUSED') });
  });

  it('HTTPS: a self-signed certificate is accepted', async () => {
    const key = join(sandbox, 'key.pem');
    const cert = join(sandbox, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], {
      stdio: 'ignore',
    });
    const tls = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      res.writeHead(req.url === '/ok' ? 204 : 503);
      res.end();
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    const tlsPort = (tls.address() as AddressInfo).port;
    try {
      await expect(httpProbe('https', tlsPort, '/ok')(signal())).resolves.toEqual({ healthy: true });
      await expect(httpProbe('https', tlsPort, '/down')(signal())).resolves.toMatchObject({ healthy: false, cause: expect.stringContaining('503') });
      // Plain HTTP against the TLS port is not healthy: the scheme is really used.
      await expect(httpProbe('http', tlsPort, '/ok')(signal())).resolves.toMatchObject({ healthy: false });
    } finally {
      await new Promise((resolve) => tls.close(resolve));
    }
  });

  it('HTTP: an aborted request fails promptly', async () => {
    const hanging = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const controller = new AbortController();
    const result = httpProbe('http', (hanging.address() as AddressInfo).port, '/')(controller.signal);
    setTimeout(() => controller.abort(), 100);
    await expect(result).resolves.toMatchObject({ healthy: false });
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  });

  it('TCP: healthy when the port accepts, not when it is closed', async () => {
    await expect(tcpProbe(port)(signal())).resolves.toEqual({ healthy: true });
    const closed = await freePort();
    await expect(tcpProbe(closed)(signal())).resolves.toMatchObject({ healthy: false, cause: expect.stringContaining(`127.0.0.1:${closed}`) });
  });

  it('COMMAND: exit 0 is healthy, exit 1 is not; runs in the sandbox with the task env plus its own', async () => {
    const context = { sandbox, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', FROM_TASK: 'task' } };
    const probe = commandProbe(sh('echo "$FROM_TASK $FROM_CHECK $(pwd)" > seen; exit 0', { FROM_CHECK: 'check' }), context);
    await expect(probe(signal())).resolves.toEqual({ healthy: true });
    expect(readFileSync(join(sandbox, 'seen'), 'utf8').trim()).toBe(`task check ${sandbox}`);
    await expect(commandProbe(sh('exit 1'), context)(signal())).resolves.toEqual({
      healthy: false,
      cause: 'Command health check exited with status 1',
    });
  });

  it('COMMAND: a command hanging past the timeout is SIGKILLed with its whole process group', async () => {
    const context = { sandbox, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } };
    const controller = new AbortController();
    const result = commandProbe(sh('sleep 30 & echo $$ > pgid; wait'), context)(controller.signal);
    await waitFor(() => {
      try {
        return readFileSync(join(sandbox, 'pgid'), 'utf8').trim() !== '';
      } catch {
        return false;
      }
    });
    const pgid = Number(readFileSync(join(sandbox, 'pgid'), 'utf8'));
    expect(processGroupAlive(pgid)).toBe(true);
    controller.abort();
    await expect(result).resolves.toEqual({ healthy: false, cause: 'Command health check terminated with signal SIGKILL' });
    await waitFor(() => !processGroupAlive(pgid), { description: 'the check process group to be gone' });
  });

  it('refuses checks it cannot run', () => {
    const base: HealthCheck = { type: 'HTTP', delaySeconds: 0, intervalSeconds: 1, timeoutSeconds: 1, consecutiveFailures: 3, gracePeriodSeconds: 0 };
    expect(invalidHealthCheck({ ...base, http: { scheme: 'http', port: 80, path: '/', statuses: [] } })).toBeUndefined();
    expect(invalidHealthCheck({ ...base, http: { scheme: '', port: 80, path: '', statuses: [] } })).toBeUndefined();
    expect(invalidHealthCheck({ ...base, http: { scheme: 'ftp', port: 80, path: '/', statuses: [] } })).toMatch(/scheme 'ftp'/);
    expect(invalidHealthCheck({ ...base, http: { scheme: 'http', port: 0, path: '/', statuses: [] } })).toMatch(/needs a port/);
    expect(invalidHealthCheck({ ...base, type: 'TCP' })).toMatch(/TCP check needs a port/);
    expect(invalidHealthCheck({ ...base, type: 'COMMAND', command: sh(' ') })).toMatch(/needs a command/);
    expect(invalidHealthCheck({ ...base, type: 'TCP', tcp: { port: 1 }, intervalSeconds: -1 })).toMatch(/interval_seconds/);
  });
});
