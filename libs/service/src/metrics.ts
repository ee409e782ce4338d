/**
 * A small metrics registry: counters, gauges computed on read, and timers that keep the last
 * value. `snapshot()` gives Mesos' flat `/metrics/snapshot` JSON; `prometheus()` the text format.
 */
export class Metrics {
  private readonly counters = new Map<string, number>();
  private readonly gauges = new Map<string, () => number>();
  private readonly values = new Map<string, number>();

  increment(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  gauge(name: string, read: () => number): void {
    this.gauges.set(name, read);
  }

  set(name: string, value: number): void {
    this.values.set(name, value);
  }

  counter(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of this.counters) out[k] = v;
    for (const [k, v] of this.values) out[k] = v;
    for (const [k, read] of this.gauges) out[k] = read();
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  }

  prometheus(prefix = 'strato'): string {
    return Object.entries(this.snapshot())
      .map(([k, v]) => `${prefix}_${k.replace(/[^a-zA-Z0-9_]/g, '_')} ${Number.isFinite(v) ? v : 0}`)
      .join('\n')
      .concat('\n');
  }
}
