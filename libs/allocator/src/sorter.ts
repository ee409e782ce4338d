import { ResourceQuantities } from '@strato/resources';
import { checkWeight } from './share';

/**
 * Orders clients (roles, or the frameworks of one role) by who should be offered resources
 * next (Mesos `sorter/sorter.hpp`). Clients are added active; only active clients are sorted,
 * but an inactive client keeps its allocation.
 */
export interface Sorter {
  /** Adds an active client. Throws if it is already present or the weight is not positive. */
  add(client: string, weight?: number): void;
  /** Removes a client and its allocation. Throws if unknown. */
  remove(client: string): void;
  activate(client: string): void;
  deactivate(client: string): void;
  updateWeight(client: string, weight: number): void;
  /** Records that `quantities` more were allocated (used or offered) to the client. */
  allocated(client: string, quantities: ResourceQuantities): void;
  /** Records that `quantities` came back from the client. */
  unallocated(client: string, quantities: ResourceQuantities): void;
  /** What the client holds now. */
  allocation(client: string): ResourceQuantities;
  has(client: string): boolean;
  /** Number of active clients. */
  activeCount(): number;
  /**
   * The active clients, first to be served first. The array is a snapshot: later calls on the
   * sorter never change an array already returned.
   */
  sort(): readonly string[];
  /**
   * The first active client, in `sort()` order, for which `predicate` holds, without building
   * the whole order (the allocator's hot path). `predicate` must not change the sorter.
   */
  find(predicate: (client: string) => boolean): string | undefined;
}

/** Which sorter to use (Mesos `--role_sorter` / `--framework_sorter`). */
export type SorterKind = 'drf' | 'random';

/** Bookkeeping common to every sorter. */
export interface SorterClient {
  readonly name: string;
  weight: number;
  allocation: ResourceQuantities;
  /** Times `allocated` was called: the DRF tie-breaker. */
  allocations: number;
  active: boolean;
}

/** The client table both sorters keep; they differ only in how they order it. */
export class ClientTable<C extends SorterClient> {
  private readonly clients = new Map<string, C>();
  private active = 0;

  insert(client: C): void {
    if (this.clients.has(client.name)) throw new Error(`sorter: client '${client.name}' already added`);
    checkWeight(client.weight, client.name);
    this.clients.set(client.name, client);
    if (client.active) this.active++;
  }

  delete(name: string): C {
    const client = this.get(name);
    this.clients.delete(name);
    if (client.active) this.active--;
    return client;
  }

  get(name: string): C {
    const client = this.clients.get(name);
    if (client === undefined) throw new Error(`sorter: unknown client '${name}'`);
    return client;
  }

  has(name: string): boolean {
    return this.clients.has(name);
  }

  /** Sets the active flag; returns false when it already had that value. */
  setActive(name: string, active: boolean): boolean {
    const client = this.get(name);
    if (client.active === active) return false;
    client.active = active;
    this.active += active ? 1 : -1;
    return true;
  }

  activeCount(): number {
    return this.active;
  }

  values(): IterableIterator<C> {
    return this.clients.values();
  }
}

/** A fresh client record with nothing allocated. */
export function newClient(name: string, weight = 1): SorterClient {
  return { name, weight, allocation: ResourceQuantities.EMPTY, allocations: 0, active: true };
}
