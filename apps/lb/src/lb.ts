import { Clock, systemClock, TimerHandle } from '@strato/clock';
import { getErrorMessage } from '@strato/errors';
import { LbOptions, renderConfig, Rendered, servicesFromApps, Templates, toMarathonApps } from '@strato/haproxy-config';
import { createLogger, HttpServer, listenHttp, Logger, Metrics, Serial } from '@strato/service';
import { join } from 'node:path';
import { ApplyOutcome, Applier } from './apply/applier';
import { Debouncer } from './debounce';
import { LbConfig } from './flags';
import { HaproxyManager } from './haproxy/manager';
import type { HaproxyPort } from './haproxy/port';
import { lbHttpApp } from './http/routes';
import { MarathonClient } from './marathon/marathon-client';
import { MarathonWatcher } from './marathon/watcher';
import { HostResolver } from './resolve';
import { loadTemplates } from './templates';

export interface LbDeps {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly haproxy?: HaproxyPort;
  readonly marathon?: MarathonClient;
  readonly templates?: Templates;
  readonly random?: () => number;
}

/** What a resync did: rendering problems and the apply outcome, or why Marathon could not be read. */
export interface SyncResult {
  readonly reason: string;
  readonly apps?: number;
  readonly services?: number;
  readonly renderMs?: number;
  readonly problems?: readonly string[];
  readonly apply?: ApplyOutcome;
  readonly error?: string;
}

export interface HealthView {
  readonly status: 'ok' | 'degraded';
  readonly marathon: { readonly connected: boolean; readonly lastSyncAt?: number; readonly lastError?: string };
  readonly haproxy: { readonly running: boolean; readonly pid?: number };
  readonly lastApply?: ApplyOutcome;
  readonly lastError?: { readonly message: string; readonly at: number };
}

/** The options the pure renderer reads, from our flags. */
export function lbOptions(c: LbConfig): LbOptions {
  return {
    groups: [...c.groups], strictMode: c.strictMode, healthCheck: c.healthCheck, bindHttpHttps: c.bindHttpHttps,
    sslCerts: [...c.sslCerts], httpPort: c.httpFrontendPort, httpsPort: c.httpsFrontendPort, statsPort: c.statsPort,
    adminSocket: join(c.workDir, 'admin.sock'), serverStateFile: join(c.workDir, 'server-state'),
  };
}

/**
 * Composition root: Marathon's event stream and periodic resyncs drive full regenerations (one at a time,
 * bursts debounced), each rendered by the pure library and applied to HAProxy by the `Applier`.
 */
export class Lb {
  readonly logger: Logger;
  readonly metrics = new Metrics();
  private readonly clock: Clock;
  private readonly options: LbOptions;
  private readonly templates: Templates;
  private readonly marathon: MarathonClient;
  private readonly haproxy: HaproxyPort;
  private readonly resolver: HostResolver;
  private readonly applier: Applier;
  private readonly serial = new Serial();
  private readonly debouncer: Debouncer;
  private readonly watcher: MarathonWatcher;
  private memory: ReadonlyMap<string, boolean> = new Map();
  private queued?: Promise<SyncResult>;
  private periodic?: TimerHandle;
  private deferred?: TimerHandle;
  private http?: HttpServer;
  private lastSyncAt?: number;
  private lastSyncError?: string;
  private stopped = false;

  constructor(readonly config: LbConfig, deps: LbDeps = {}) {
    this.logger = deps.logger ?? createLogger('lb', config.logLevel);
    this.clock = deps.clock ?? systemClock;
    this.options = lbOptions(config);
    this.templates = deps.templates ?? loadTemplates(config.templatesDir);
    this.marathon = deps.marathon ?? new MarathonClient(config.marathons);
    this.haproxy = deps.haproxy ?? new HaproxyManager({
      bin: config.haproxyBin, configPath: config.haproxyConfig, masterSocket: join(config.workDir, 'master.sock'),
      adminSocket: this.options.adminSocket, serverStateFile: this.options.serverStateFile, pidFile: join(config.workDir, 'haproxy.pid'), logger: this.logger,
    });
    this.resolver = new HostResolver(config.lruCacheCapacity);
    this.applier = new Applier({ port: this.haproxy, clock: this.clock, metrics: this.metrics, logger: this.logger }, {
      skipValidation: config.skipValidation, minReloadIntervalMs: config.minReloadIntervalMs,
    });
    this.debouncer = new Debouncer(this.clock, config.debounceMs, config.debounceMaxMs, () => void this.resync('events'));
    this.watcher = new MarathonWatcher(this.marathon, this.clock, { maxMs: config.maxBackoffMs, random: deps.random ?? Math.random }, {
      connected: () => void this.resync('event stream connected'),
      event: (type) => {
        this.metrics.increment('lb/events');
        this.logger.debug({ type }, 'marathon event');
        this.debouncer.poke();
      },
      disconnected: () => this.metrics.increment('lb/event_stream_disconnects'),
    }, this.logger);
    this.metrics.gauge('lb/haproxy_running', () => (this.haproxy.running() ? 1 : 0));
    this.metrics.gauge('lb/marathon_connected', () => (this.watcher.connected() ? 1 : 0));
  }

  /** Renders the config once from Marathon, without HAProxy (`--dry`). */
  async renderOnce(): Promise<Rendered> {
    const apps = await this.resolver.resolveApps(toMarathonApps(await this.marathon.apps()));
    return renderConfig(servicesFromApps(apps, this.options, new Map()).services, this.templates, this.options);
  }

  async start(): Promise<{ httpPort: number }> {
    await this.resync('startup');
    this.watcher.start();
    this.schedulePeriodic();
    this.http = await listenHttp(lbHttpApp({
      metrics: this.metrics,
      health: () => this.health(),
      config: () => this.applier.current()?.text,
      resync: (reason) => this.resync(reason),
    }), this.config.address, this.config.port);
    this.logger.info({ http: `http://${this.config.address}:${this.http.port}`, marathon: this.config.marathons, groups: this.config.groups }, 'lb started');
    return { httpPort: this.http.port };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.debouncer.cancel();
    this.clock.clearTimeout(this.periodic);
    this.clock.clearTimeout(this.deferred);
    await this.watcher.stop();
    await this.serial.idle();
    await this.http?.close();
    await this.haproxy.stop();
    this.logger.info('lb stopped');
  }

  /** A full resync; calls while one waits to start share it, so a burst of requests costs one regeneration. */
  resync(reason: string): Promise<SyncResult> {
    if (this.queued) return this.queued;
    const run = this.serial.run(() => {
      this.queued = undefined;
      return this.syncOnce(reason);
    });
    this.queued = run;
    return run;
  }

  health(): HealthView {
    const error = this.applier.lastError();
    const last = this.applier.lastOutcome();
    const ok = this.haproxy.running() && this.watcher.connected() && last?.kind !== 'invalid' && last?.kind !== 'failed';
    return {
      status: ok ? 'ok' : 'degraded',
      marathon: { connected: this.watcher.connected(), lastSyncAt: this.lastSyncAt, lastError: this.lastSyncError },
      haproxy: { running: this.haproxy.running(), pid: this.haproxy.pid() },
      lastApply: last,
      lastError: error,
    };
  }

  private async syncOnce(reason: string): Promise<SyncResult> {
    let json: unknown;
    try {
      json = await this.marathon.apps();
    } catch (error) {
      this.lastSyncError = getErrorMessage(error);
      this.metrics.increment('lb/marathon_errors');
      this.logger.warn({ reason, error: this.lastSyncError }, 'could not read apps from Marathon');
      return { reason, error: this.lastSyncError };
    }
    this.lastSyncError = undefined;
    this.lastSyncAt = this.clock.now();
    const apps = await this.resolver.resolveApps(toMarathonApps(json));
    const started = performance.now();
    const { services, memory } = servicesFromApps(apps, this.options, this.memory);
    const rendered = renderConfig(services, this.templates, this.options, this.applier.current());
    const renderMs = performance.now() - started;
    this.memory = memory;
    this.metrics.set('lb/render_ms', renderMs);
    this.metrics.increment('lb/syncs');
    for (const problem of rendered.problems) this.logger.warn({ problem }, 'service not rendered as labelled');
    const apply = await this.applier.apply(rendered);
    if (apply.kind === 'deferred') this.retryDeferred(apply.retryInMs ?? 0);
    return { reason, apps: apps.length, services: services.length, renderMs, problems: rendered.problems, apply };
  }

  /** A reload held back by `--min-reload-interval` happens with the first resync once it is allowed. */
  private retryDeferred(inMs: number): void {
    if (this.deferred !== undefined || this.stopped) return;
    this.deferred = this.clock.setTimeout(() => {
      this.deferred = undefined;
      if (!this.stopped) void this.resync('deferred reload');
    }, inMs);
  }

  private schedulePeriodic(): void {
    this.periodic = this.clock.setTimeout(() => {
      void this.resync('periodic').finally(() => {
        if (!this.stopped) this.schedulePeriodic();
      });
    }, this.config.resyncIntervalMs);
  }
}
