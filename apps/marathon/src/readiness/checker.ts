import type { ReadinessCheck } from '@strato/app-definition';
import type { Clock, TimerHandle } from '@strato/clock';
import { readinessSatisfied } from '@strato/deployment-planner';
import { httpGet, timeoutCause, type HttpGetResult } from '../health';
import { readinessPort, readinessResult, sameResult } from './result';
import type { ReadinessCheckResult, ReadinessInstance, ReadinessProbe } from './types';
import { syncWatched } from '../health';

export interface ReadinessCheckerOptions {
  readonly clock: Clock;
  /** Default: a real `GET` (`httpGet`). */
  readonly probe?: ReadinessProbe;
  /** A result of the instance changed (`ready` or the preserved response). */
  readonly onChange?: (instance: ReadinessInstance) => void;
}

/** One (instance, check): its latest result and its polling loop. */
interface Slot {
  readonly check: ReadinessCheck;
  result?: ReadinessCheckResult;
  timer?: TimerHandle;
  deadline?: TimerHandle;
  abort?: AbortController;
}

interface Watched {
  readonly instance: ReadinessInstance;
  readonly slots: Slot[];
  active: boolean;
}

/**
 * Polls the readiness checks of the instances it is given on the injected clock: the first run at once, then
 * one every `intervalSeconds` (counted from the start of the previous run, never two at once) until the check
 * answers one of `httpStatusCodesForReady`; then that check is done. A run outliving `timeoutSeconds` is
 * "not ready". Results live as long as the instance is watched.
 */
export class ReadinessChecker {
  private readonly watched = new Map<string, Watched>();
  private stopped = false;

  constructor(private readonly options: ReadinessCheckerOptions) {}

  /** Makes `instances` the watched set: new ones start, missing ones (or a new task) stop and lose their results. */
  update(instances: readonly ReadinessInstance[]): void {
    if (this.stopped) return;
    syncWatched(this.watched, instances, { watch: (i) => this.watch(i), unwatch: (id) => this.unwatch(id) });
  }

  /** Whether any instance is watched (listings skip the per-instance lookups when none is). */
  watchingAny(): boolean {
    return this.watched.size > 0;
  }

  watching(instanceId: string): boolean {
    return this.watched.has(instanceId);
  }

  /** The latest result of each check that has run, in check order; [] when not watched. */
  results(instanceId: string): ReadinessCheckResult[] {
    return (this.watched.get(instanceId)?.slots ?? []).flatMap((s) => (s.result ? [s.result] : []));
  }

  /** Every check's latest result says ready (false when not watched or not run yet). */
  ready(instanceId: string): boolean {
    const w = this.watched.get(instanceId);
    if (!w) return false;
    return readinessSatisfied(this.results(instanceId), w.slots.map((s) => s.check.name));
  }

  stop(): void {
    this.stopped = true;
    for (const id of [...this.watched.keys()]) this.unwatch(id);
  }

  private watch(instance: ReadinessInstance): void {
    const w: Watched = { instance, slots: instance.checks.map((check) => ({ check })), active: true };
    this.watched.set(instance.instanceId, w);
    for (const slot of w.slots) this.schedule(w, slot, 0);
  }

  private unwatch(instanceId: string): void {
    const w = this.watched.get(instanceId);
    if (!w) return;
    w.active = false;
    for (const slot of w.slots) {
      this.options.clock.clearTimeout(slot.timer);
      this.options.clock.clearTimeout(slot.deadline);
      slot.abort?.abort();
    }
    this.watched.delete(instanceId);
  }

  private schedule(w: Watched, slot: Slot, delayMs: number): void {
    if (!w.active || slot.result?.ready) return;
    slot.timer = this.options.clock.setTimeout(() => this.run(w, slot), delayMs);
  }

  private run(w: Watched, slot: Slot): void {
    slot.timer = undefined;
    if (!w.active) return;
    const { clock } = this.options;
    const startedAt = clock.now();
    const next = (): void => this.schedule(w, slot, Math.max(0, startedAt + slot.check.intervalSeconds * 1000 - clock.now()));
    const port = readinessPort(slot.check, w.instance);
    if (port === undefined) {
      this.record(w, slot, { ok: false, cause: `no port named ${slot.check.portName}` });
      return next();
    }
    const timeoutMs = slot.check.timeoutSeconds * 1000;
    const abort = new AbortController();
    slot.abort = abort;
    let settled = false;
    const settle = (outcome: HttpGetResult): void => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(slot.deadline);
      this.record(w, slot, outcome);
    };
    slot.deadline = clock.setTimeout(() => {
      settle({ ok: false, cause: timeoutCause(timeoutMs) });
      abort.abort();
    }, timeoutMs);
    const probe = this.options.probe ?? httpGet;
    const target = { protocol: slot.check.protocol, host: w.instance.host, port, path: slot.check.path };
    probe(target, { timeoutMs, signal: abort.signal })
      .catch((error: unknown): HttpGetResult => ({ ok: false, cause: error instanceof Error ? error.message : String(error) }))
      .then((outcome) => {
        settle(outcome);
        slot.abort = undefined;
        next();
      });
  }

  private record(w: Watched, slot: Slot, outcome: HttpGetResult): void {
    if (!w.active) return;
    const result = readinessResult(slot.check, w.instance.taskId, outcome);
    const changed = !sameResult(slot.result, result);
    slot.result = result;
    if (changed) this.options.onChange?.(w.instance);
  }
}
