import type { MasterInfo } from '@strato/domain';

/**
 * A master's `json.info_*` node in ZooKeeper, shaped as Mesos' JSON MasterInfo (so tools that read
 * Mesos' group keep working) plus `grpc_port`, where our agents and frameworks connect.
 */
export interface MasterInfoJson {
  readonly id: string;
  /** IPv4 as a little-endian uint32, as Mesos writes it (0 when not IPv4). */
  readonly ip: number;
  readonly port: number;
  readonly pid: string;
  readonly hostname: string;
  readonly version: string;
  readonly address: { readonly hostname: string; readonly ip: string; readonly port: number };
  readonly grpc_port: number;
}

function ipv4ToUint32(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return 0;
  // Mesos stores the address in network byte order read as a little-endian integer.
  return ((parts[3]! << 24) >>> 0) + (parts[2]! << 16) + (parts[1]! << 8) + parts[0]!;
}

export function masterInfoToJson(info: MasterInfo): MasterInfoJson {
  return {
    id: info.id,
    ip: ipv4ToUint32(info.ip),
    port: info.port,
    pid: info.pid,
    hostname: info.hostname,
    version: info.version,
    address: { hostname: info.hostname, ip: info.ip, port: info.port },
    grpc_port: info.grpcPort,
  };
}

const isPort = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0 && (value as number) < 65536;

/** The MasterInfo in a leader's node, or undefined when it is not one of ours (no usable gRPC endpoint). */
export function masterInfoFromJson(data: unknown): MasterInfo | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const json = data as Partial<MasterInfoJson>;
  const hostname = json.address?.hostname || json.hostname;
  if (typeof hostname !== 'string' || !hostname || !isPort(json.grpc_port)) return undefined;
  return {
    id: String(json.id ?? ''),
    hostname,
    ip: String(json.address?.ip ?? ''),
    port: isPort(json.port) ? json.port : 0,
    grpcPort: json.grpc_port,
    version: String(json.version ?? ''),
    pid: String(json.pid ?? ''),
  };
}
