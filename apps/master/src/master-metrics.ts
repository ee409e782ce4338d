import { Resources } from '@strato/resources';
import { MasterContext } from './context';

/** Registers Mesos' master gauges (`master/...`), computed when `/metrics/snapshot` is read. */
export function registerMasterGauges(ctx: MasterContext): void {
  const { metrics, state } = ctx;
  const agents = () => [...state.agents.values()];
  const frameworks = () => [...state.frameworks.values()];
  const tasksIn = (s: string) => () => [...state.tasks.values()].filter((t) => t.state === s).length;
  const connected = () => agents().filter((a) => a.state === 'active' && a.link);
  const totals = () => connected().reduce((sum, a) => sum.add(a.total), Resources.EMPTY);
  const used = () => connected().reduce((sum, a) => sum.add(state.usedOn(a)), Resources.EMPTY);

  metrics.gauge('master/elected', () => (ctx.gate.role === 'standalone' || ctx.gate.role === 'leading' ? 1 : 0));
  metrics.gauge('master/uptime_secs', () => (ctx.clock.now() - ctx.startTime) / 1000);
  for (const r of ['cpus', 'mem', 'disk', 'gpus'] as const) {
    metrics.gauge(`master/${r}_total`, () => totals()[r]());
    metrics.gauge(`master/${r}_used`, () => used()[r]());
    metrics.gauge(`master/${r}_percent`, () => {
      const total = totals()[r]();
      return total > 0 ? used()[r]() / total : 0;
    });
  }
  metrics.gauge('master/slaves_active', () => connected().length);
  metrics.gauge('master/agents_active', () => connected().length);
  metrics.gauge('master/slaves_connected', () => agents().filter((a) => a.link).length);
  metrics.gauge('master/slaves_disconnected', () => agents().filter((a) => !a.link && a.state !== 'unreachable').length);
  metrics.gauge('master/slaves_unreachable', () => agents().filter((a) => a.state === 'unreachable').length);
  metrics.gauge('master/frameworks_active', () => frameworks().filter((f) => f.state === 'active').length);
  metrics.gauge('master/frameworks_connected', () => frameworks().filter((f) => f.stream).length);
  metrics.gauge('master/frameworks_disconnected', () => frameworks().filter((f) => f.state === 'disconnected').length);
  metrics.gauge('master/frameworks_inactive', () => frameworks().filter((f) => f.state === 'inactive').length);
  metrics.gauge('master/outstanding_offers', () => state.offers.size);
  for (const s of ['staging', 'starting', 'running', 'killing', 'unreachable']) {
    metrics.gauge(`master/tasks_${s}`, tasksIn(`TASK_${s.toUpperCase()}`));
  }
  for (const s of ['finished', 'failed', 'killed', 'lost', 'error', 'dropped', 'gone'] as const) {
    metrics.gauge(`master/tasks_${s}`, () => state.counters[s]);
  }
}
