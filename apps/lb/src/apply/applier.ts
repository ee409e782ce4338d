import { Clock } from '@strato/clock';
import { getErrorMessage } from '@strato/errors';
import { ApplyPlan, Interim, interimConfig, planApply, Rendered } from '@strato/haproxy-config';
import type { Logger, Metrics } from '@strato/service';
import type { HaproxyPort, InstallResult } from '../haproxy/port';

/**
 * What one apply did: `started` HAProxy, nothing, runtime commands, a reload, refused an invalid config, failed,
 * or `deferred` a reload that `--min-reload-interval` holds back (apply again after `retryInMs`).
 */
export interface ApplyOutcome {
  readonly kind: 'started' | 'none' | 'runtime' | 'reload' | 'deferred' | 'invalid' | 'failed';
  readonly detail?: string;
  readonly commands?: number;
  readonly retryInMs?: number;
  readonly at: number;
}

export interface ApplierOptions {
  readonly skipValidation: boolean;
  /** Least time between two reloads; runtime updates are not limited. */
  readonly minReloadIntervalMs: number;
}

export interface ApplierDeps {
  readonly port: HaproxyPort;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly logger?: Logger;
  readonly plan?: (current: Rendered | undefined, next: Rendered) => ApplyPlan;
  readonly interim?: (current: Rendered | undefined, next: Rendered) => Interim | undefined;
}

/**
 * Gets HAProxy from the config it runs to the next rendered one, the cheapest safe way: nothing when the
 * text is the same, runtime-API commands when only server slots changed (the file written without
 * `haproxy -c`: its structure was validated before), else a validated, rate-limited reload. Ahead of a reload,
 * the backends whose only change is membership get it through the runtime API at once, so tasks are routed
 * without waiting for the reload or its rate limit; a reload the limit holds back is `deferred`, not waited
 * for, so the caller can go on applying. An invalid config never replaces the running one. Calls must not
 * overlap (the caller serialises).
 */
export class Applier {
  private applied?: Rendered;
  private last?: ApplyOutcome;
  private error?: { readonly message: string; readonly at: number };
  private lastReloadAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: ApplierDeps,
    private readonly options: ApplierOptions,
  ) {}

  /** The config HAProxy runs (the last one applied successfully). */
  current(): Rendered | undefined {
    return this.applied;
  }

  lastOutcome(): ApplyOutcome | undefined {
    return this.last;
  }

  lastError(): { readonly message: string; readonly at: number } | undefined {
    return this.error;
  }

  async apply(next: Rendered): Promise<ApplyOutcome> {
    let outcome: ApplyOutcome;
    try {
      outcome = await this.applyOrThrow(next);
    } catch (error) {
      outcome = this.outcome('failed', getErrorMessage(error));
      this.deps.metrics.increment('lb/apply_failures');
    }
    this.report(outcome);
    return outcome;
  }

  private report(outcome: ApplyOutcome): void {
    this.last = outcome;
    const { logger } = this.deps;
    if (outcome.kind === 'invalid' || outcome.kind === 'failed') {
      this.error = { message: outcome.detail ?? outcome.kind, at: outcome.at };
      this.deps.metrics.set('lb/last_error_at', outcome.at);
      logger?.error({ outcome: outcome.kind, detail: outcome.detail }, 'config not applied; HAProxy keeps the last good one');
    } else if (outcome.kind === 'deferred') {
      logger?.debug({ detail: outcome.detail, retryInMs: outcome.retryInMs }, 'reload deferred by --min-reload-interval');
    } else if (outcome.kind !== 'none') {
      logger?.info({ outcome: outcome.kind, detail: outcome.detail, commands: outcome.commands }, 'config applied');
    }
  }

  private async applyOrThrow(next: Rendered): Promise<ApplyOutcome> {
    const { port } = this.deps;
    if (!port.running()) {
      const installed = await this.install(next);
      if (!installed.ok) return this.outcome('invalid', `haproxy -c refused the config: ${installed.message}`);
      // A start is not a reload: no worker is replaced, so the first reload (a new app's frontend) need not wait.
      await port.start();
      this.applied = next;
      this.deps.metrics.increment('lb/starts');
      return this.outcome('started');
    }
    const plan = (this.deps.plan ?? planApply)(this.applied, next);
    if (plan.kind === 'none') return this.outcome('none');
    if (plan.kind === 'runtime') {
      // The same structure as the running, validated config: only slot addresses, ports and states differ, and
      // the runtime API checks those itself. So the file is written unchecked: `haproxy -c` (~0.1 s even for a
      // small config) stays off the path of membership changes. A fallback reload validates first.
      await port.install(next.text, false);
      const result = await port.runtime(plan.commands);
      if (result.ok) {
        this.applied = next;
        this.deps.metrics.increment('lb/runtime_updates');
        return this.outcome('runtime', undefined, plan.commands.length);
      }
      this.deps.metrics.increment('lb/runtime_fallbacks');
      return this.reloadWhenAllowed(next, `runtime command '${result.command}' answered '${result.answer}'`);
    }
    await this.applyAhead(next, plan.reason);
    return this.reloadWhenAllowed(next, plan.reason);
  }

  private async reloadWhenAllowed(next: Rendered, reason: string): Promise<ApplyOutcome> {
    const wait = this.lastReloadAt + this.options.minReloadIntervalMs - this.deps.clock.now();
    if (wait > 0) {
      this.deps.metrics.increment('lb/reloads_delayed');
      return { ...this.outcome('deferred', reason), retryInMs: wait };
    }
    return this.validatedReload(next, reason);
  }

  /** The membership changes that need no reload, through the runtime API; reported as their own apply. */
  private async applyAhead(next: Rendered, reason: string): Promise<void> {
    const interim = (this.deps.interim ?? interimConfig)(this.applied, next);
    if (!interim) return;
    await this.deps.port.install(interim.rendered.text, false);
    const result = await this.deps.port.runtime(interim.commands);
    if (!result.ok) {
      // HAProxy may hold some of the commands: the reload that follows sets every server from the file.
      this.deps.metrics.increment('lb/runtime_fallbacks');
      this.deps.logger?.warn({ command: result.command, answer: result.answer }, 'runtime update ahead of a reload refused');
      return;
    }
    this.applied = interim.rendered;
    this.deps.metrics.increment('lb/runtime_updates');
    this.report(this.outcome('runtime', `ahead of a reload (${reason})`, interim.commands.length));
  }

  private async validatedReload(next: Rendered, reason: string): Promise<ApplyOutcome> {
    const installed = await this.install(next);
    if (!installed.ok) return this.outcome('invalid', `haproxy -c refused the config: ${installed.message}`);
    return this.reload(next, reason);
  }

  private async reload(next: Rendered, reason: string): Promise<ApplyOutcome> {
    await this.deps.port.reload(filledSlots(next));
    this.lastReloadAt = this.deps.clock.now();
    this.applied = next;
    this.deps.metrics.increment('lb/reloads');
    return this.outcome('reload', reason);
  }

  private async install(next: Rendered): Promise<InstallResult> {
    const result = await this.deps.port.install(next.text, !this.options.skipValidation);
    if (!result.ok) this.deps.metrics.increment('lb/validation_failures');
    return result;
  }

  private outcome(kind: ApplyOutcome['kind'], detail?: string, commands?: number): ApplyOutcome {
    return { kind, at: this.deps.clock.now(), ...(detail !== undefined && { detail }), ...(commands !== undefined && { commands }) };
  }
}

/** `<backend>/<server>` → `addr:port` of every filled slot: what the reload keeps server state for. */
function filledSlots(next: Rendered): Map<string, string> {
  const out = new Map<string, string>();
  for (const [backend, slots] of next.backends) {
    for (const s of slots) if (s.enabled && s.address !== undefined && s.port !== undefined) out.set(`${backend}/${s.slot}`, `${s.address}:${s.port}`);
  }
  return out;
}
