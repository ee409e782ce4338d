// Starts a local highly available Strato cluster on loopback: a real ZooKeeper, three masters, two
// agents, two Marathons, two Chronos and the HAProxy bridge, state in .strato-ha/ (or
// $STRATO_CLUSTER_DIR). Masters, Marathons and Chronos elect their leaders in ZooKeeper; agents and
// frameworks find the leading master there. Like a supervisor (systemd), it restarts any service that
// exits: a leader that loses its ZooKeeper session exits on purpose and comes back as a standby.
// Ctrl-C or SIGTERM stops everything, with no orphan process.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { agentResources, log, root, Supervisor } from './supervisor.mjs';
import { startZooKeeper } from './zookeeper.mjs';

const ports = (name, fallback) => (process.env[`STRATO_CLUSTER_${name}`] ?? fallback).split(',').map(Number);
const stateDir = process.env.STRATO_CLUSTER_DIR ?? join(root, '.strato-ha');
const [zkPort] = ports('ZK_PORT', '2181');
const masterPorts = ports('MASTER_PORTS', '5050,5150,5250');
const grpcPorts = ports('GRPC_PORTS', '5060,5160,5260');
const agentPorts = ports('AGENT_PORTS', '5051,5052');
const marathonPorts = ports('MARATHON_PORTS', '8080,8081');
const chronosPorts = ports('CHRONOS_PORTS', '4400,4401');
const [lbPort] = ports('LB_PORT', '9095');
const haproxyBin = process.env.STRATO_CLUSTER_HAPROXY_BIN ?? '/usr/sbin/haproxy';
const [httpPort] = ports('HTTP_PORT', process.getuid?.() === 0 ? '80' : '8000');
const [statsPort] = ports('HAPROXY_STATS_PORT', '9090');
const sessionTimeout = process.env.STRATO_CLUSTER_ZK_SESSION_TIMEOUT ?? '10secs';
const ip = '127.0.0.1';
const zk = `${ip}:${zkPort}`;
const masterZk = `zk://${zk}/strato/master`;

const supervisor = new Supervisor(stateDir, { restart: true });
try {
  await startZooKeeper(supervisor, join(stateDir, 'zookeeper'), ip, zkPort);
} catch (error) {
  log('ZooKeeper did not start: run `npm run setup` to install it', { error: error.message });
  await supervisor.stop(1);
}
masterPorts.forEach((port, i) =>
  supervisor.start(`master-${i + 1}`, 'apps/master/bin/strato-master.js', [
    `--ip=${ip}`, `--port=${port}`, `--grpc_port=${grpcPorts[i]}`, `--work_dir=${join(stateDir, `master-${i + 1}`)}`,
    `--zk=${masterZk}`, `--zk_session_timeout=${sessionTimeout}`,
  ]),
);
agentPorts.forEach((port, i) =>
  supervisor.start(`agent-${i + 1}`, 'apps/agent/bin/strato-agent.js', [
    `--master=${masterZk}`, `--ip=${ip}`, `--port=${port}`, `--hostname=${ip}`, `--work_dir=${join(stateDir, `agent-${i + 1}`)}`,
    `--resources=${agentResources(i, agentPorts.length)}`, `--attributes=agent:${i + 1}`,
  ]),
);
marathonPorts.forEach((port, i) =>
  supervisor.start(`marathon-${i + 1}`, 'apps/marathon/bin/strato-marathon.js', [
    `--master=${masterZk}`, `--zk=zk://${zk}/strato/marathon`, `--http_address=${ip}`, `--http_port=${port}`,
    `--work_dir=${join(stateDir, `marathon-${i + 1}`)}`,
  ]),
);
chronosPorts.forEach((port, i) =>
  supervisor.start(`chronos-${i + 1}`, 'apps/chronos/bin/strato-chronos.js', [
    `--master=${masterZk}`, `--zk_hosts=${zk}`, '--zk_path=/strato/chronos', `--http_address=${ip}`, `--http_port=${port}`,
    `--work_dir=${join(stateDir, `chronos-${i + 1}`)}`,
  ]),
);
const marathonUrls = marathonPorts.map((port) => `http://${ip}:${port}`);
const withLb = existsSync(haproxyBin);
if (withLb) {
  supervisor.start('lb', 'apps/lb/bin/strato-lb.js', [
    `--marathon=${marathonUrls.join(',')}`, '--group=external', '--health-check', `--address=${ip}`, `--port=${lbPort}`,
    `--work-dir=${join(stateDir, 'lb')}`, `--haproxy-bin=${haproxyBin}`, `--templates-dir=${join(stateDir, 'lb-templates')}`,
    `--http-frontend-port=${httpPort}`, `--stats-port=${statsPort}`,
  ]);
} else {
  log('HAProxy not found: the cluster runs without the HAProxy bridge (run `npm run setup` to install it)', { haproxyBin });
}
log('HA cluster starting', { zookeeper: zk, masters: masterPorts, marathons: marathonPorts, chronos: chronosPorts, logs: join(stateDir, 'logs') });
const lines = [
  '',
  'Strato (HA) is starting:',
  `  zookeeper ${zk}  (masters under /strato/master, Marathon /strato/marathon, Chronos /strato/chronos)`,
  ...masterPorts.map((port, i) => `  master   http://${ip}:${port}/master/state  (gRPC ${ip}:${grpcPorts[i]}; /master/redirect finds the leader)`),
  ...agentPorts.map((port) => `  agent    http://${ip}:${port}/state`),
  ...marathonPorts.map((port) => `  marathon http://${ip}:${port}/v2/leader`),
  ...chronosPorts.map((port) => `  chronos  http://${ip}:${port}/leader`),
  ...(withLb ? [`  lb       http://${ip}:${lbPort}/health  (HAProxy virtual hosts on :${httpPort}, stats :${statsPort})`] : []),
  `  logs     ${join(stateDir, 'logs')}`,
  'Standbys proxy (Marathon, Chronos) or redirect (masters) to their leader. Press Ctrl-C to stop.',
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);
