import type { ResourceQuantities } from '@strato/resources';
import { checkWeight } from './share';
import { ClientTable, newClient, type Sorter, type SorterClient } from './sorter';

/**
 * Weighted random sorter (Mesos `sorter/random/`): every `sort()` is a fresh weighted shuffle in
 * which a client comes next with probability proportional to its weight among those left.
 * Allocations are tracked but do not influence the order. `random` returns numbers in [0, 1).
 */
export class RandomSorter implements Sorter {
  private readonly table = new ClientTable<SorterClient>();

  constructor(private readonly random: () => number) {}

  add(client: string, weight = 1): void {
    this.table.insert(newClient(client, weight));
  }

  remove(client: string): void {
    this.table.delete(client);
  }

  activate(client: string): void {
    this.table.setActive(client, true);
  }

  deactivate(client: string): void {
    this.table.setActive(client, false);
  }

  updateWeight(client: string, weight: number): void {
    this.table.get(client).weight = checkWeight(weight, client);
  }

  allocated(client: string, quantities: ResourceQuantities): void {
    const c = this.table.get(client);
    c.allocation = c.allocation.add(quantities);
    c.allocations++;
  }

  unallocated(client: string, quantities: ResourceQuantities): void {
    const c = this.table.get(client);
    c.allocation = c.allocation.subtract(quantities);
  }

  allocation(client: string): ResourceQuantities {
    return this.table.get(client).allocation;
  }

  has(client: string): boolean {
    return this.table.has(client);
  }

  activeCount(): number {
    return this.table.activeCount();
  }

  /**
   * Efraimidis-Spirakis weighted sampling without replacement: key = u^(1/weight), largest
   * first. Equivalent to repeatedly drawing the next client with probability weight / sum.
   */
  sort(): readonly string[] {
    const keyed: { name: string; key: number }[] = [];
    for (const c of this.table.values()) {
      if (c.active) keyed.push({ name: c.name, key: Math.pow(this.random(), 1 / c.weight) });
    }
    keyed.sort((a, b) => b.key - a.key || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return keyed.map((k) => k.name);
  }

  find(predicate: (client: string) => boolean): string | undefined {
    return this.sort().find(predicate);
  }
}
