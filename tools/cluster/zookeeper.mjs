// A single-node ZooKeeper (Debian's `zookeeper` package) for the local HA cluster: its config and
// data under <dir>, started through the supervisor, ready once it answers `ruok` with `imok`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

const CLASSPATH = '/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar';

/** Starts ZooKeeper on `ip:port` as the supervisor's `zookeeper` service; resolves once it serves. */
export async function startZooKeeper(supervisor, dir, ip, port) {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const config = join(dir, 'zoo.cfg');
  writeFileSync(
    config,
    [`tickTime=500`, `dataDir=${join(dir, 'data')}`, `clientPort=${port}`, `clientPortAddress=${ip}`, 'admin.enableServer=false',
      '4lw.commands.whitelist=ruok,srvr,stat,mntr,cons', 'minSessionTimeout=1000', 'maxSessionTimeout=30000', 'maxClientCnxns=0', ''].join('\n'),
  );
  supervisor.start('zookeeper', '/usr/bin/java', ['-Xmx256m', '-cp', CLASSPATH, 'org.apache.zookeeper.server.ZooKeeperServerMain', config]);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await fourLetterWord(ip, port, 'ruok')) === 'imok' && /Mode: /.test(await fourLetterWord(ip, port, 'srvr'))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`ZooKeeper on ${ip}:${port} did not answer ruok within 60 s (see ${join(dir, '..', 'logs', 'zookeeper.log')})`);
}

function fourLetterWord(host, port, word) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let answer = '';
    socket.setTimeout(1_000, () => socket.destroy());
    socket.on('connect', () => socket.end(word));
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => resolve(''));
    socket.on('close', () => resolve(answer));
  });
}
