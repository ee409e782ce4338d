// Starts a local Strato cluster: one master, two agents, Marathon, Chronos and the HAProxy bridge (strato-lb,
// which runs a real HAProxy: an app in HAPROXY_GROUP `external` answers on localhost:<its service port>) as
// separate processes, state in
// .strato/ (or $STRATO_CLUSTER_DIR), each agent advertising a share of this machine. Prints the
// URLs and stops everything, with no orphan process, on Ctrl-C or SIGTERM.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { agentResources, log, root, Supervisor } from './supervisor.mjs';

const stateDir = process.env.STRATO_CLUSTER_DIR ?? join(root, '.strato');
const agentCount = Number(process.env.STRATO_CLUSTER_AGENTS ?? 2);
const masterPort = Number(process.env.STRATO_CLUSTER_MASTER_PORT ?? 5050);
const grpcPort = Number(process.env.STRATO_CLUSTER_GRPC_PORT ?? 5060);
const firstAgentPort = Number(process.env.STRATO_CLUSTER_AGENT_PORT ?? 5051);
const marathonPort = Number(process.env.STRATO_CLUSTER_MARATHON_PORT ?? 8080);
const chronosPort = Number(process.env.STRATO_CLUSTER_CHRONOS_PORT ?? 4400);
const lbPort = Number(process.env.STRATO_CLUSTER_LB_PORT ?? 9095);
const haproxyBin = process.env.STRATO_CLUSTER_HAPROXY_BIN ?? '/usr/sbin/haproxy';
/** HAProxy's shared virtual-host port: 80 needs root (or CAP_NET_BIND_SERVICE), so others get 8000 unless set. */
const httpPort = Number(process.env.STRATO_CLUSTER_HTTP_PORT ?? (process.getuid?.() === 0 ? 80 : 8000));
const statsPort = Number(process.env.STRATO_CLUSTER_HAPROXY_STATS_PORT ?? 9090);
const ip = '127.0.0.1';

const supervisor = new Supervisor(stateDir, { restart: false });
const start = (name, bin, args) => supervisor.start(name, bin, args);

start('master', 'apps/master/bin/strato-master.js', [
  `--ip=${ip}`, `--port=${masterPort}`, `--grpc_port=${grpcPort}`, `--work_dir=${join(stateDir, 'master')}`,
]);
for (let i = 0; i < agentCount; i++) {
  start(`agent-${i + 1}`, 'apps/agent/bin/strato-agent.js', [
    `--master=${ip}:${grpcPort}`, `--ip=${ip}`, `--port=${firstAgentPort + i}`, `--hostname=${ip}`,
    `--work_dir=${join(stateDir, `agent-${i + 1}`)}`, `--resources=${agentResources(i, agentCount)}`, `--attributes=agent:${i + 1}`,
  ]);
}
start('marathon', 'apps/marathon/bin/strato-marathon.js', [
  `--master=${ip}:${grpcPort}`, `--http_address=${ip}`, `--http_port=${marathonPort}`, `--work_dir=${join(stateDir, 'marathon')}`,
]);
start('chronos', 'apps/chronos/bin/strato-chronos.js', [
  `--master=${ip}:${grpcPort}`, `--http_address=${ip}`, `--http_port=${chronosPort}`, `--work_dir=${join(stateDir, 'chronos')}`,
]);
const withLb = existsSync(haproxyBin);
if (withLb) {
  start('lb', 'apps/lb/bin/strato-lb.js', [
    `--marathon=http://${ip}:${marathonPort}`, '--group=external', '--health-check', `--address=${ip}`, `--port=${lbPort}`,
    `--work-dir=${join(stateDir, 'lb')}`, `--haproxy-bin=${haproxyBin}`, `--templates-dir=${join(stateDir, 'lb-templates')}`,
    `--http-frontend-port=${httpPort}`, `--stats-port=${statsPort}`,
  ]);
} else {
  log('HAProxy not found: the cluster runs without the HAProxy bridge (run `npm run setup` to install it)', { haproxyBin });
}
log('cluster starting', {
  marathon: `http://${ip}:${marathonPort}/v2/info`,
  chronos: `http://${ip}:${chronosPort}/scheduler/jobs`,
  lb: withLb ? `http://${ip}:${lbPort}/health` : 'not started (no HAProxy)',
  master: `http://${ip}:${masterPort}/master/state`,
  master_grpc: `${ip}:${grpcPort}`,
  agents: Array.from({ length: agentCount }, (_, i) => `http://${ip}:${firstAgentPort + i}/state`),
  logs: join(stateDir, 'logs'),
});
process.stdout.write(`\nStrato is starting:\n  master  http://${ip}:${masterPort}/master/state  (gRPC ${ip}:${grpcPort})\n`);
for (let i = 0; i < agentCount; i++) process.stdout.write(`  agent   http://${ip}:${firstAgentPort + i}/state\n`);
process.stdout.write(`  marathon http://${ip}:${marathonPort}/v2/info\n`);
process.stdout.write(`  chronos http://${ip}:${chronosPort}/scheduler/jobs\n`);
if (withLb) {
  process.stdout.write(`  lb      http://${ip}:${lbPort}/health  (HAProxy: stats http://${ip}:${statsPort}/haproxy?stats, virtual hosts on :${httpPort},\n`);
  process.stdout.write(`          each app labelled HAPROXY_GROUP=external on its service port)\n`);
}
process.stdout.write(`  logs    ${join(stateDir, 'logs')}\nPress Ctrl-C to stop.\n\n`);
