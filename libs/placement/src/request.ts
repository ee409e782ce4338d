import type { Constraint } from './constraint';
import type { ContainerRuntime } from './container';
import type { NoOfferMatch } from './types';
import type { Resources } from '@strato/resources';

/** What one instance of an app needs from an offer. Scalars are in units (cpus, MiB); 0 means "none". */
export interface PlacementRequest {
  readonly cpus: number;
  readonly mem: number;
  readonly disk: number;
  readonly gpus: number;
  /** How many dynamic host ports to pick (ignored when `fixedPorts` is given). */
  readonly ports: number;
  /**
   * `requirePorts: true`: these exact host ports, in this order. A `0` entry asks for one dynamic port in that slot,
   * as Marathon does for `port: 0` with `requirePorts`.
   */
  readonly fixedPorts?: readonly number[];
  /** Reservation roles the app may use (`*` = unreserved). Default: `*` and `role`. */
  readonly acceptedResourceRoles?: readonly string[];
  /** The app's role: offers allocated to another role are not usable. */
  readonly role: string;
  readonly constraints: readonly Constraint[];
  /** What the instance runs in (default `process`); an agent that can't run it rejects with UnsupportedContainerType. */
  readonly container?: ContainerRuntime;
}

/** Injected sources for matching. */
export interface MatchOptions {
  /**
   * A random source in [0, 1). When given, dynamic ports start at a random free port and wrap around (Marathon also
   * picks random ports), which spreads ports of instances on one host. Without it the lowest free ports are taken.
   */
  readonly random?: () => number;
}

/** `resources` is exactly what to launch with (scalars and the chosen port ranges, with their roles). */
export type MatchResult =
  | { readonly ok: true; readonly resources: Resources; readonly hostPorts: readonly number[] }
  | { readonly ok: false; readonly reasons: readonly NoOfferMatch[] };
