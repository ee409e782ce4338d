import { effectiveProtocol, isMarathonProtocol, isMesosProtocol } from './checks';
import { isHostNetworking } from './legacy';
import type { RuleContext } from './rule-context';
import { childPath, violation, type Violation } from './violations';

/** Cross-field rules on networks, ports and the checks that refer to ports (Marathon AppValidation). */

export const PORT_MESSAGES = {
  mappingsWithHost: 'portMappings are not allowed with host-networking',
  definitionsWithoutHost: 'portDefinitions are only allowed with host-networking',
  namesUnique: 'Port names must be unique.',
  portsUnique: 'Ports must be unique.',
  hostNetworkNamed: 'Host networks may not have names or labels',
  bridgeNetworkNamed: 'Bridge networks may not have names',
  duplicateNetworks: 'Duplicate networks are not allowed',
  networkMix: 'May specify a single host network, single bridge network, or else 1-to-n container networks',
  dockerOneNetwork: 'may only specify a single container network when using the Docker container engine',
  mappingNetworkName:
    'networkNames must be a single item list when hostPort is specified and more than 1 container network is defined',
  healthPortIndex: 'Health check port indices must address an element of the ports array or container port mappings.',
  oneMesosCheck: 'AppDefinition can contain at most one Mesos health check',
  ipv6: 'IPv6 can only be used for container type DOCKER and Mesos http/https/tcp health checks',
  oneReadinessCheck: 'must not contain more than 1 readiness check',
  readinessPortName: (name: string) => `No port definition reference for portName ${name}`,
  readinessTimeout: 'must be less than intervalSeconds',
} as const;

const M = PORT_MESSAGES;

function duplicates<T>(values: readonly T[]): boolean {
  return new Set(values).size !== values.length;
}

export function networkViolations({ canonical, app }: RuleContext): Violation[] {
  if (!canonical.networks?.length) return [];
  const nets = app.networks;
  const out: string[] = [];
  if (nets.some((n) => n.mode === 'host' && (n.name || (n.labels && Object.keys(n.labels).length > 0)))) {
    out.push(M.hostNetworkNamed);
  }
  if (nets.some((n) => n.mode === 'container/bridge' && n.name)) out.push(M.bridgeNetworkNamed);
  const unnamed = nets.filter((n) => n.mode === 'container' && !n.name).length;
  if (unnamed > 1 || duplicates(nets.flatMap((n) => (n.name ? [n.name] : [])))) out.push(M.duplicateNetworks);
  const count = (mode: string) => nets.filter((n) => n.mode === mode).length;
  const [host, bridge, container] = [count('host'), count('container/bridge'), count('container')];
  const ok =
    (host <= 1 && bridge === 0 && container === 0) ||
    (host === 0 && bridge <= 1 && container === 0) ||
    (host === 0 && bridge === 0);
  if (!ok) out.push(M.networkMix);
  return out.length > 0 ? [{ path: '/networks', errors: out }] : [];
}

export function portViolations({ canonical, app }: RuleContext): Violation[] {
  const out: Violation[] = [];
  const host = isHostNetworking(app.networks);
  const mappings = app.container?.portMappings ?? [];
  if (host && mappings.length > 0) out.push(violation('/', M.mappingsWithHost));
  if (!host && (canonical.portDefinitions?.length ?? 0) > 0) out.push(violation('/', M.definitionsWithoutHost));
  const defs = app.portDefinitions;
  if (duplicates(defs.flatMap((d) => (d.name ? [d.name] : [])))) out.push(violation('/portDefinitions', M.namesUnique));
  if (duplicates(defs.map((d) => d.port).filter((p) => p !== 0))) out.push(violation('/portDefinitions', M.portsUnique));
  if (duplicates(mappings.flatMap((m) => (m.name ? [m.name] : [])))) {
    out.push(violation('/container/portMappings', M.namesUnique));
  }
  const containerNets = app.networks.filter((n) => n.mode === 'container');
  if (app.container?.type === 'DOCKER' && containerNets.length > 1) out.push(violation('/', M.dockerOneNetwork));
  const names = containerNets.flatMap((n) => (n.name ? [n.name] : []));
  mappings.forEach((m, i) => {
    const at = childPath('/container/portMappings', i);
    if (containerNets.length > 1 && m.hostPort !== undefined && m.networkNames?.length !== 1) {
      out.push(violation(at, M.mappingNetworkName));
    }
    (m.networkNames ?? []).forEach((n, j) => {
      if (!names.includes(n)) out.push(violation(childPath(`${at}/networkNames`, j), `is not one of (${names.join(',')})`));
    });
  });
  return out;
}

/** Ports a check may address by index: the container's mappings when it has some, else the port definitions. */
function portCount({ app }: RuleContext): number {
  const mappings = app.container?.portMappings ?? [];
  return mappings.length > 0 ? mappings.length : app.portDefinitions.length;
}

export function healthCheckViolations(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  const given = ctx.canonical.healthChecks ?? [];
  const ports = portCount(ctx);
  const docker = ctx.app.container?.type === 'DOCKER';
  given.forEach((hc, i) => {
    const at = childPath('/healthChecks', i);
    const protocol = effectiveProtocol(hc);
    if (isMarathonProtocol(protocol)) {
      const ok = hc.portIndex !== undefined ? hc.portIndex < ports : hc.port !== undefined || ports === 1;
      if (!ok) out.push(violation(hc.portIndex !== undefined ? `${at}/portIndex` : at, M.healthPortIndex));
    }
    const mesosPortCheck = isMesosProtocol(protocol) && protocol !== 'COMMAND';
    if ((hc.ipProtocol ?? 'IPv4') !== 'IPv4' && !(mesosPortCheck && docker)) out.push(violation(at, M.ipv6));
  });
  const mesosChecks = given.filter((hc) => !hc.command && isMesosProtocol(effectiveProtocol(hc)));
  if (mesosChecks.length > 1) out.push(violation('/', M.oneMesosCheck));
  return out;
}

export function readinessViolations({ app }: RuleContext): Violation[] {
  const out: Violation[] = [];
  if (app.readinessChecks.length > 1) out.push(violation('/readinessChecks', M.oneReadinessCheck));
  const mappings = app.container?.portMappings ?? [];
  const named = mappings.length > 0 ? mappings : app.portDefinitions;
  const names = named.flatMap((p) => (p.name ? [p.name] : []));
  app.readinessChecks.forEach((rc, i) => {
    const at = childPath('/readinessChecks', i);
    if (!names.includes(rc.portName)) out.push(violation(`${at}/portName`, M.readinessPortName(rc.portName)));
    if (rc.timeoutSeconds >= rc.intervalSeconds) out.push(violation(`${at}/timeoutSeconds`, M.readinessTimeout));
  });
  return out;
}
