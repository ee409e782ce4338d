import type { Network } from './types';
import { violation, type Violation } from './violations';
import type { AppInput, ContainerInput, FetchInput, PortMappingInput } from './wire-types';

/**
 * Deprecated spellings (`ports`, `uris`, `ipAddress`, `container.docker.network`, `container.docker.portMappings`):
 * the checks Marathon ran on them (AppValidation.validateOldAppAPI) and their translation to the canonical fields
 * (AppNormalization.forDeprecated).
 */

export const LEGACY_MESSAGES = {
  urisWithFetch: 'may not be set in conjunction with fetch',
  portsUnique: 'ports must be unique',
  portsAndDefinitions: 'cannot specify both ports and port definitions',
  ipAndPorts: 'cannot specify both an IP address and port',
  networksAndIp: 'must not specify both networks and ipAddress',
  dockerNetworkAndNetworks: 'must not specify both container.docker.network and networks',
  discoveryWithDocker: 'ipAddress/discovery is not allowed for Docker containers',
  twoMappingPlaces: 'cannot specify both portMappings and docker.portMappings',
  discoveryAndMappings: 'container.portMappings and ipAddress.discovery.ports must not both be set',
  unsupportedNetwork: (t: string) => `unsupported docker network type ${t}`,
} as const;

const nonEmpty = (a: readonly unknown[] | undefined): boolean => a !== undefined && a.length > 0;

export function legacyViolations(app: AppInput): Violation[] {
  const out: Violation[] = [];
  const m = LEGACY_MESSAGES;
  const docker = app.container?.docker;
  if (nonEmpty(app.uris) && nonEmpty(app.fetch)) out.push(violation('/uris', m.urisWithFetch));
  const fixedPorts = (app.ports ?? []).filter((p) => p !== 0);
  if (new Set(fixedPorts).size !== fixedPorts.length) out.push(violation('/ports', m.portsUnique));
  if (app.ports && app.portDefinitions && !sameNumbers(app.ports, app.portDefinitions.map((d) => d.port ?? 0))) {
    out.push(violation('/', m.portsAndDefinitions));
  }
  if (app.ipAddress && (nonEmpty(app.ports) || nonEmpty(app.portDefinitions))) out.push(violation('/', m.ipAndPorts));
  if (app.ipAddress && nonEmpty(app.networks)) out.push(violation('/', m.networksAndIp));
  if (docker?.network && nonEmpty(app.networks)) out.push(violation('/', m.dockerNetworkAndNetworks));
  if (docker?.network === 'NONE') out.push(violation('/container/docker/network', m.unsupportedNetwork('NONE')));
  const discovery = app.ipAddress?.discovery?.ports;
  if (nonEmpty(discovery) && (app.container?.type ?? 'DOCKER') === 'DOCKER' && app.container) {
    out.push(violation('/ipAddress', m.discoveryWithDocker));
  }
  if (nonEmpty(app.container?.portMappings) && nonEmpty(docker?.portMappings)) {
    out.push(violation('/container', m.twoMappingPlaces));
  } else if (nonEmpty(discovery) && app.container?.type === 'MESOS' && nonEmpty(app.container.portMappings)) {
    out.push(violation('/ipAddress', m.discoveryAndMappings));
  }
  return out;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** True when networking is requested with the deprecated fields (Marathon then drops conflicting port specs). */
export function usesLegacyNetworking(app: AppInput): boolean {
  return app.ipAddress !== undefined || app.container?.docker?.network !== undefined;
}

/** Archives the Mesos fetcher unpacks when an entry comes from the deprecated `uris`. */
const ARCHIVES = ['.tgz', '.tar.gz', '.tbz2', '.tar.bz2', '.txz', '.tar.xz', '.zip'];

export function isArchiveUri(uri: string): boolean {
  const path = uri.split(/[?#]/)[0];
  return ARCHIVES.some((ext) => path.endsWith(ext));
}

function migrateFetch(app: AppInput): FetchInput[] | undefined {
  if (nonEmpty(app.fetch) || !nonEmpty(app.uris)) return app.fetch;
  return app.uris!.map((uri) => ({ uri, extract: isArchiveUri(uri) }));
}

/** `ipAddress` and `container.docker.network` → `networks` (AppNormalization.NetworkTranslation). */
export function migrateNetworks(app: AppInput): AppInput['networks'] {
  const type = app.container?.docker?.network;
  const ip = app.ipAddress;
  const labels = ip?.labels ? { labels: ip.labels } : {};
  if (type === 'HOST') return [{ mode: 'host' }];
  if (type === 'BRIDGE') return [{ mode: 'container/bridge', ...labels }];
  if (type === 'USER') return [{ mode: 'container', ...(ip?.networkName ? { name: ip.networkName } : {}), ...labels }];
  if (ip) {
    if (ip.networkName === 'mesos-bridge') return [{ mode: 'container/bridge', ...labels }];
    return [{ mode: 'container', ...(ip.networkName ? { name: ip.networkName } : {}), ...labels }];
  }
  return app.networks;
}

function migrateContainer(app: AppInput): ContainerInput | undefined {
  const given = app.container ?? (app.ipAddress ? { type: 'MESOS' as const } : undefined);
  if (!given) return undefined;
  const { docker, ...rest } = given;
  const container: ContainerInput = { ...rest };
  if (docker) {
    const { network: _network, portMappings: dockerMappings, ...dockerRest } = docker;
    container.docker = dockerRest;
    if (!nonEmpty(given.portMappings) && dockerMappings) container.portMappings = dockerMappings;
  }
  const discovery = app.ipAddress?.discovery?.ports;
  if (nonEmpty(discovery) && container.type === 'MESOS') {
    container.portMappings = discovery!.map((p) => ({
      containerPort: p.number,
      ...(p.name ? { name: p.name } : {}),
      ...(p.protocol ? { protocol: p.protocol } : {}),
      ...(p.labels ? { labels: p.labels } : {}),
    }));
  }
  return container;
}

/** Pads port mappings with dynamic ones so that a legacy bridge app keeps as many ports as it asked for. */
function padMappings(mappings: PortMappingInput[] | undefined, wanted: number): PortMappingInput[] | undefined {
  const have = mappings?.length ?? 0;
  if (wanted <= have) return mappings;
  return [...(mappings ?? []), ...Array.from({ length: wanted - have }, () => ({}))];
}

/**
 * The canonical spelling of a schema-valid app (checked with `legacyViolations` first): deprecated fields removed.
 * With deprecated networking, port specs that do not fit the network are dropped as Marathon does.
 */
export function migrateLegacy(app: AppInput): AppInput {
  const { ports, uris: _uris, ipAddress: _ip, ...rest } = app;
  const networks = migrateNetworks(app);
  const portDefinitions = app.portDefinitions ?? ports?.map((port) => ({ port }));
  let container = migrateContainer(app);
  const out: AppInput = { ...rest, networks, portDefinitions, container, fetch: migrateFetch(app) };
  if (usesLegacyNetworking(app)) {
    const hostMode = isHostNetworking(networks);
    if (hostMode && container) container = { ...container, portMappings: undefined };
    if (!hostMode && container) {
      container = { ...container, portMappings: padMappings(container.portMappings, portDefinitions?.length ?? 0) };
    }
    return dropUndefined({ ...out, container, portDefinitions: hostMode ? portDefinitions : undefined });
  }
  return dropUndefined(out);
}

/** No networks means host networking; otherwise the (validated) list is all-host or has no host entry. */
export function isHostNetworking(networks: readonly Partial<Pick<Network, 'mode'>>[] | undefined): boolean {
  return !networks || networks.length === 0 || networks.some((n) => n.mode === 'host');
}

function dropUndefined<T extends object>(o: T): T {
  const copy = { ...o } as Record<string, unknown>;
  for (const k of Object.keys(copy)) if (copy[k] === undefined) delete copy[k];
  if (copy.container && typeof copy.container === 'object') copy.container = dropUndefined(copy.container as object);
  return copy as T;
}
