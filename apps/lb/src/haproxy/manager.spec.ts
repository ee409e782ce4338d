import { freePort, pidAlive, tempDir, waitFor } from '@strato/testing';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, get, Server } from 'node:http';
import { join } from 'node:path';
import { stopLeftover } from './leftover';
import { HaproxyManager, keepUnmoved } from './manager';

const HAPROXY = '/usr/sbin/haproxy';

/** One request on a fresh connection; resolves with the body (the answering server's name). */
function ask(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.setTimeout(3000, () => req.destroy(new Error('timeout')));
  });
}

async function answers(port: number, n = 8): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) seen.add(await ask(port));
  return seen;
}

function config(dir: string, fe: number, servers: number[], extraFrontend?: number): string {
  return [
    'global',
    `  stats socket ${join(dir, 'admin.sock')} mode 600 level admin expose-fd listeners`,
    `  server-state-file ${join(dir, 'server-state')}`,
    'defaults',
    '  mode http',
    '  load-server-state-from-file global',
    '  timeout connect 2s',
    '  timeout client 10s',
    '  timeout server 10s',
    'frontend fe',
    `  bind 127.0.0.1:${fe}`,
    '  default_backend be',
    ...(extraFrontend ? ['frontend fe2', `  bind 127.0.0.1:${extraFrontend}`, '  default_backend be'] : []),
    'backend be',
    '  balance roundrobin',
    ...servers.map((port, i) => `  server s${i} 127.0.0.1:${port}`),
    '',
  ].join('\n');
}

describe('HaproxyManager against the real HAProxy 2.6', () => {
  const backends: Server[] = [];
  let manager: HaproxyManager | undefined;

  afterEach(async () => {
    await manager?.stop();
    for (const s of backends.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  const backend = async (name: string): Promise<number> => {
    const server = createServer((_req, res) => res.end(name));
    backends.push(server);
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    return port;
  };

  it('starts, updates servers at runtime, reloads seamlessly, refuses an invalid config and stops every process', async () => {
    const dir = tempDir('lb-haproxy-');
    const [a, b, fe, fe2] = [await backend('a'), await backend('b'), await freePort(), await freePort()];
    const configPath = join(dir, 'haproxy.cfg');
    manager = new HaproxyManager({
      bin: HAPROXY, configPath, masterSocket: join(dir, 'master.sock'), adminSocket: join(dir, 'admin.sock'), serverStateFile: join(dir, 'server-state'),
    });

    await expect(manager.install(config(dir, fe, [a, b]), true)).resolves.toEqual({ ok: true });
    await manager.start();
    expect(manager.running()).toBe(true);
    await waitFor(async () => (await answers(fe)).size === 2, { description: 'both servers to answer through HAProxy' });

    await expect(manager.runtime(['set server be/s1 state maint'])).resolves.toEqual({ ok: true });
    expect([...(await answers(fe))]).toEqual(['a']);
    await expect(manager.runtime(['set server be/nosuch state maint'])).resolves.toMatchObject({ ok: false, answer: 'No such server.' });

    const firstWorkers = manager.pids();
    await expect(manager.install(config(dir, fe, [a, b], fe2), true)).resolves.toEqual({ ok: true });
    await manager.reload();
    expect(manager.pids().length).toBeGreaterThan(firstWorkers.length);
    // Both frontends answer, and the runtime `maint` survived the reload through the server-state file.
    expect([...(await answers(fe))]).toEqual(['a']);
    expect([...(await answers(fe2))]).toEqual(['a']);
    expect(readFileSync(join(dir, 'server-state'), 'utf8')).toMatch(/^1\n# be_id/);

    const good = readFileSync(configPath, 'utf8');
    const refused = await manager.install(`${config(dir, fe, [a, b])}  no_such_keyword here\n`, true);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(/ALERT/);
    expect(readFileSync(configPath, 'utf8')).toBe(good);
    expect(existsSync(`${configPath}.invalid`)).toBe(true);
    expect([...(await answers(fe2))]).toEqual(['a']);

    const pids = manager.pids();
    expect(pids.length).toBeGreaterThanOrEqual(2);
    await manager.stop();
    expect(manager.running()).toBe(false);
    await waitFor(() => pids.every((pid) => !pidAlive(pid)), { description: 'no haproxy process left' });
    await expect(ask(fe)).rejects.toThrow();
  }, 60_000);

  it('a reload that fills an empty slot serves it: the slot\'s old stopped state is not carried over', async () => {
    const dir = tempDir('lb-haproxy-');
    const [a, b, fe] = [await backend('a'), await backend('b'), await freePort()];
    const configPath = join(dir, 'haproxy.cfg');
    manager = new HaproxyManager({
      bin: HAPROXY, configPath, masterSocket: join(dir, 'master.sock'), adminSocket: join(dir, 'admin.sock'), serverStateFile: join(dir, 'server-state'),
    });
    // As strato-lb renders an empty slot: disabled, 127.0.0.1:1; no health checks.
    const slots = (second: string) => config(dir, fe, [a]).replace('  server s0', `  server s1 ${second}\n  server s0`);
    await manager.install(slots('127.0.0.1:1 disabled'), true);
    await manager.start();
    await waitFor(async () => (await answers(fe, 1)).has('a'), { description: 'a to answer' });
    await manager.install(slots(`127.0.0.1:${b}`), true);
    await manager.reload(new Map([['be/s0', `127.0.0.1:${a}`], ['be/s1', `127.0.0.1:${b}`]]));
    await waitFor(async () => (await answers(fe)).size === 2, { description: 'the filled slot to serve b too' });
    expect(readFileSync(join(dir, 'server-state'), 'utf8')).not.toMatch(/ s1 /);
  }, 30_000);

  it('keeps in the saved server state only the servers whose address stays', () => {
    const state = [
      '1',
      '# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port',
      '3 web_80 1 web_80_s0 10.0.0.1 2 0 1 1 40 1 0 4 0 0 0 0 - 31000 - 0 0 - - 0',
      '3 web_80 2 web_80_s1 127.0.0.1 0 5 1 1 40 1 0 0 8 0 0 0 - 1 - 0 0 - - 0',
      '3 web_80 3 web_80_s2 10.0.0.2 2 0 1 1 40 1 0 4 0 0 0 0 - 31001 - 0 0 - - 0',
      '',
    ].join('\n');
    const kept = keepUnmoved(state, new Map([['web_80/web_80_s0', '10.0.0.1:31000'], ['web_80/web_80_s1', '10.0.0.3:31002'], ['web_80/web_80_s2', '10.0.0.2:31009']]));
    expect(kept.split('\n').filter((l) => /^\d+ /.test(l)).map((l) => l.split(' ')[3])).toEqual(['web_80_s0']);
    expect(kept.startsWith('1\n# be_id')).toBe(true);
  });

  it('stops the HAProxy a killed strato-lb left running (its pid file), so the new one can bind the same ports', async () => {
    const dir = tempDir('lb-haproxy-');
    const [a, fe] = [await backend('a'), await freePort()];
    const configPath = join(dir, 'haproxy.cfg');
    const pidFile = join(dir, 'haproxy.pid');
    writeFileSync(configPath, config(dir, fe, [a]));
    // The HAProxy of a strato-lb that died by SIGKILL: still running, not our child, its pid in the file.
    const orphan = spawn(HAPROXY, ['-W', '-db', '-f', configPath, '-S', join(dir, 'old-master.sock')], { stdio: 'ignore', detached: true });
    orphan.unref();
    writeFileSync(pidFile, `${orphan.pid}\n`);
    await waitFor(async () => (await answers(fe, 1)).has('a'), { description: 'the left-over HAProxy to serve' });

    manager = new HaproxyManager({
      bin: HAPROXY, configPath, pidFile, masterSocket: join(dir, 'master.sock'), adminSocket: join(dir, 'admin.sock'), serverStateFile: join(dir, 'server-state'),
    });
    await manager.start();
    await waitFor(() => !pidAlive(orphan.pid!), { description: 'the left-over HAProxy to be gone' });
    expect(readFileSync(pidFile, 'utf8').trim()).toBe(String(manager.pid()));
    expect([...(await answers(fe))]).toEqual(['a']);
    await manager.stop();
    expect(existsSync(pidFile)).toBe(false);
  }, 30_000);

  it('leaves alone a pid in the pid file that is not an HAProxy of this config', async () => {
    const dir = tempDir('lb-haproxy-');
    const pidFile = join(dir, 'haproxy.pid');
    writeFileSync(pidFile, `${process.pid}\n`);
    await expect(stopLeftover(pidFile, join(dir, 'haproxy.cfg'))).resolves.toBeUndefined();
    expect(existsSync(pidFile)).toBe(false);
  });
});
