import { AgentInfo, FrameworkCapability, FrameworkInfo, MasterInfo, Offer } from '@strato/domain';
import * as pb from '@strato/proto';
import { labelsFromProto, labelsToProto } from './task-wire';
import { attributesFromProto, attributesToProto, resourcesFromProto, resourcesToProto } from './resources-wire';

export function frameworkInfoToProto(f: FrameworkInfo): pb.FrameworkInfo {
  return {
    id: f.id ?? '',
    name: f.name,
    user: f.user,
    roles: [...f.roles],
    failoverTimeout: f.failoverTimeoutMs / 1000,
    checkpoint: f.checkpoint,
    hostname: f.hostname ?? '',
    principal: f.principal ?? '',
    webuiUrl: f.webuiUrl ?? '',
    capabilities: f.capabilities.map((c) => pb.FrameworkInfo_Capability[c]),
    labels: labelsToProto(f.labels),
  };
}

export function frameworkInfoFromProto(f: pb.FrameworkInfo): FrameworkInfo {
  return {
    id: f.id || undefined,
    name: f.name,
    user: f.user,
    roles: f.roles.length ? f.roles : ['*'],
    failoverTimeoutMs: Math.max(0, f.failoverTimeout) * 1000,
    checkpoint: f.checkpoint,
    hostname: f.hostname || undefined,
    principal: f.principal || undefined,
    webuiUrl: f.webuiUrl || undefined,
    capabilities: f.capabilities.filter((c) => c !== pb.FrameworkInfo_Capability.UNKNOWN) as FrameworkCapability[],
    labels: labelsFromProto(f.labels),
  };
}

export function offerToProto(o: Offer): pb.Offer {
  return {
    id: o.id,
    frameworkId: o.frameworkId,
    agentId: o.agentId,
    hostname: o.hostname,
    resources: resourcesToProto(o.resources, o.role),
    attributes: attributesToProto(o.attributes),
    allocationRole: o.role,
    url: o.url ?? '',
  };
}

export function offerFromProto(o: pb.Offer): Offer {
  return {
    id: o.id,
    frameworkId: o.frameworkId,
    agentId: o.agentId,
    hostname: o.hostname,
    resources: resourcesFromProto(o.resources),
    attributes: attributesFromProto(o.attributes),
    role: o.allocationRole || '*',
    url: o.url || undefined,
  };
}

export function agentInfoToProto(a: AgentInfo): pb.AgentInfo {
  return {
    id: a.id ?? '',
    hostname: a.hostname,
    port: a.port,
    resources: resourcesToProto(a.resources),
    attributes: attributesToProto(a.attributes),
    version: a.version,
  };
}

export function agentInfoFromProto(a: pb.AgentInfo): AgentInfo {
  return {
    id: a.id || undefined,
    hostname: a.hostname,
    port: a.port,
    resources: resourcesFromProto(a.resources),
    attributes: attributesFromProto(a.attributes),
    version: a.version,
  };
}

export const masterInfoToProto = (m: MasterInfo): pb.MasterInfo => ({ ...m });
export const masterInfoFromProto = (m: pb.MasterInfo | undefined): MasterInfo | undefined => (m ? { ...m } : undefined);
