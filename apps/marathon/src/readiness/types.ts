import type { ReadinessCheck } from '@strato/app-definition';
import type { ReadinessCheckResult } from '@strato/deployment-planner';
import type { HttpGetResult, ProbeOptions } from '../health';

export type { ReadinessCheckResult };

/** What a readiness check is about: a RUNNING instance and the checks / port names of its app version. */
export interface ReadinessInstance {
  readonly instanceId: string;
  readonly taskId: string;
  readonly host: string;
  /** Host ports, in port definition order. */
  readonly ports: readonly number[];
  /** `portDefinitions[].name` of the instance's app version (undefined for unnamed ports). */
  readonly portNames: readonly (string | undefined)[];
  readonly checks: readonly ReadinessCheck[];
}

export interface ReadinessTarget {
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

/** One GET; never rejects (`httpGet` of the health probes is the default). */
export type ReadinessProbe = (target: ReadinessTarget, options: ProbeOptions) => Promise<HttpGetResult>;
