import type { ResourceQuantities } from '@strato/resources';
import { ShareBasis, checkWeight } from './share';
import { SortedList } from './sorted-list';
import { ClientTable, newClient, type Sorter, type SorterClient } from './sorter';

interface DrfClient extends SorterClient {
  /** Weighted dominant share; kept current on every change. */
  share: number;
}

/** Mesos `compareDRF`: smaller share first, then fewer allocations, then by name. */
function compareDrf(a: DrfClient, b: DrfClient): number {
  if (a.share !== b.share) return a.share < b.share ? -1 : 1;
  if (a.allocations !== b.allocations) return a.allocations < b.allocations ? -1 : 1;
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

/**
 * Dominant Resource Fairness sorter. Adding, removing, activating or deactivating clients marks
 * the order dirty (one full sort when it is next read); an allocation change only moves the one
 * client that changed, in O(log n + chunk) (the MESOS-9249 lesson: never re-sort everything per
 * allocation, and never copy the whole order per allocation either).
 */
export class DrfSorter implements Sorter {
  private readonly table = new ClientTable<DrfClient>();
  private basis: ShareBasis;
  /** Active clients in order; valid only when not dirty. */
  private readonly order = new SortedList<DrfClient>(compareDrf);
  /** What `sort()` last returned, until the order changes. */
  private names: readonly string[] | undefined;
  private dirty = false;

  constructor(totals: ResourceQuantities | ShareBasis, excludedFromShares: readonly string[] = []) {
    this.basis = totals instanceof ShareBasis ? totals : new ShareBasis(totals, excludedFromShares);
  }

  /** Replaces the cluster totals the shares are computed against. */
  updateTotals(totals: ResourceQuantities | ShareBasis, excludedFromShares: readonly string[] = []): void {
    this.basis = totals instanceof ShareBasis ? totals : new ShareBasis(totals, excludedFromShares);
    for (const c of this.table.values()) c.share = this.basis.share(c.allocation, c.weight);
    this.invalidate();
  }

  add(client: string, weight = 1): void {
    this.table.insert({ ...newClient(client, weight), share: 0 });
    this.invalidate();
  }

  remove(client: string): void {
    this.table.delete(client);
    this.invalidate();
  }

  activate(client: string): void {
    if (this.table.setActive(client, true)) this.invalidate();
  }

  deactivate(client: string): void {
    if (this.table.setActive(client, false)) this.invalidate();
  }

  updateWeight(client: string, weight: number): void {
    checkWeight(weight, client);
    this.reshare(this.table.get(client), (c) => (c.weight = weight));
  }

  allocated(client: string, quantities: ResourceQuantities): void {
    this.reshare(this.table.get(client), (c) => {
      c.allocation = c.allocation.add(quantities);
      c.allocations++;
    });
  }

  unallocated(client: string, quantities: ResourceQuantities): void {
    this.reshare(this.table.get(client), (c) => (c.allocation = c.allocation.subtract(quantities)));
  }

  allocation(client: string): ResourceQuantities {
    return this.table.get(client).allocation;
  }

  /** The client's weighted dominant share. */
  share(client: string): number {
    return this.table.get(client).share;
  }

  has(client: string): boolean {
    return this.table.has(client);
  }

  activeCount(): number {
    return this.table.activeCount();
  }

  sort(): readonly string[] {
    if (this.dirty) this.rebuild();
    if (this.names === undefined) this.names = this.order.toArray().map((c) => c.name);
    return this.names;
  }

  find(predicate: (client: string) => boolean): string | undefined {
    if (this.dirty) this.rebuild();
    return this.order.find((c) => predicate(c.name))?.name;
  }

  /** Applies `change` to `c`, recomputes its share and moves it to its new place. */
  private reshare(c: DrfClient, change: (c: DrfClient) => void): void {
    const placed = c.active && !this.dirty;
    if (placed) this.order.remove(c);
    change(c);
    c.share = this.basis.share(c.allocation, c.weight);
    if (placed) {
      this.order.insert(c);
      this.names = undefined;
    }
  }

  private invalidate(): void {
    this.dirty = true;
    this.names = undefined;
  }

  private rebuild(): void {
    const active: DrfClient[] = [];
    for (const c of this.table.values()) if (c.active) active.push(c);
    this.order.reset(active.sort(compareDrf));
    this.dirty = false;
  }
}
