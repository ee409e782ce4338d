// Builders for the specs (not exported from the lib).
import { parseAttributes, Resources } from '@strato/resources';
import type { Constraint } from './constraint';
import type { PlacementRequest } from './request';
import type { PlacedInstance, PlacementOffer } from './types';

export interface OfferSpec {
  id?: string;
  agentId?: string;
  hostname?: string;
  resources?: string;
  attributes?: string;
  role?: string;
  region?: string;
  zone?: string;
}

export function offer(spec: OfferSpec = {}): PlacementOffer {
  const agentId = spec.agentId ?? 'a1';
  return {
    id: spec.id ?? `o-${agentId}`,
    agentId,
    hostname: spec.hostname ?? `${agentId}.example`,
    resources: Resources.parse(spec.resources ?? 'cpus:4;mem:4096;disk:1000;ports:[31000-31009]'),
    attributes: parseAttributes(spec.attributes ?? ''),
    role: spec.role ?? '*',
    ...(spec.region === undefined ? {} : { region: spec.region }),
    ...(spec.zone === undefined ? {} : { zone: spec.zone }),
  };
}

export function placed(instanceId: string, at: OfferSpec = {}): PlacedInstance {
  const o = offer(at);
  return { instanceId, agentId: o.agentId, hostname: o.hostname, attributes: o.attributes, region: o.region, zone: o.zone };
}

export function request(over: Partial<PlacementRequest> = {}): PlacementRequest {
  return { cpus: 1, mem: 128, disk: 0, gpus: 0, ports: 0, role: '*', constraints: [], ...over };
}

export function c(field: string, operator: Constraint['operator'], value?: string): Constraint {
  return value === undefined ? { field, operator } : { field, operator, value };
}
