/**
 * The config text for a list of services: HAProxy head, the shared vhost frontends, a frontend per service
 * port, then the backends with their server slots. `structure` is the same text with every slot's address,
 * port and state masked, so `planApply` can tell a membership change (runtime API) from anything else (reload).
 */
import type { LbOptions, Service } from './types';
import type { Templates } from './templates';
import { DEFAULT_TEMPLATES, renderTemplate } from './templates';
import { assignSlots, SlotAssignment } from './slots';
import { cleanHostname, renderVhostRules, VhostRules } from './vhosts';

export interface Rendered {
  text: string;
  /** `text` with every slot's address, port, check port and state masked. */
  structure: string;
  /** Slots per backend name, in slot order. */
  backends: ReadonlyMap<string, readonly SlotAssignment[]>;
  /** Services rendered with the default templates (or skipped), and why. */
  problems: string[];
}

/** The address an empty slot points at: never connected to, since the slot is `disabled`. */
export const EMPTY_SLOT_ADDRESS = '127.0.0.1';
export const EMPTY_SLOT_PORT = 1;

/**
 * Slot values are rendered as placeholders, then substituted twice: real values give `text`, masks give
 * `structure`. One template pass serves both, and templates never see the masks.
 */
class SlotValues {
  private readonly values: { real: string; mask: string }[] = [];

  token(real: string, mask: string): string {
    this.values.push({ real, mask });
    return `\u0000${this.values.length - 1}\u0000`;
  }

  substitute(raw: string, which: 'real' | 'mask'): string {
    return raw.replace(/\u0000(\d+)\u0000/g, (_, i: string) => this.values[Number(i)][which]);
  }
}

/** One service's pieces, before assembly. */
interface ServiceParts {
  frontend: string;
  backend: string;
  vhosts: VhostRules;
}

export function renderConfig(
  services: readonly Service[],
  templates: Templates,
  options: LbOptions,
  previous?: Rendered,
): Rendered {
  const problems: string[] = [];
  const values = new SlotValues();
  const backends = new Map<string, readonly SlotAssignment[]>();
  const parts: ServiceParts[] = [];
  for (const service of services) {
    if (backends.has(service.name)) {
      problems.push(`${service.appId} port ${service.servicePort}: backend ${service.name} already rendered; skipped`);
      continue;
    }
    const hasCheckPort = service.healthCheck !== undefined && service.servers.some((s) => s.checkPort !== undefined);
    const slots = assignSlots(service.name, service.servers, previous?.backends.get(service.name), hasCheckPort);
    backends.set(service.name, slots);
    parts.push(renderServiceSafely(service, slots, templates, values, problems));
  }
  const raw = assemble(parts, templates, options);
  return {
    text: values.substitute(raw, 'real'),
    structure: values.substitute(raw, 'mask'),
    backends,
    problems: [...new Set(problems)],
  };
}

/** A per-port override that fails renders that service with the global templates, and is reported. */
function renderServiceSafely(
  service: Service,
  slots: readonly SlotAssignment[],
  templates: Templates,
  values: SlotValues,
  problems: string[],
): ServiceParts {
  const overrides = Object.keys(service.templates);
  if (overrides.length > 0) {
    try {
      return renderService(service, slots, { ...templates, ...service.templates }, values, problems);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push(
        `${service.appId} port ${service.servicePort}: template override (${overrides.join(', ')}) failed, ` +
          `rendered with the defaults: ${reason}`,
      );
    }
  }
  return renderService(service, slots, templates, values, problems);
}

function renderService(
  service: Service,
  slots: readonly SlotAssignment[],
  templates: Templates,
  values: SlotValues,
  problems: string[],
): ServiceParts {
  const t = (name: string, context: object) => renderTemplate(templates[name] ?? DEFAULT_TEMPLATES[name], context);
  const base = serviceContext(service);
  const frontend =
    t('HAPROXY_FRONTEND_HEAD', {
      ...base,
      sslCert: service.sslCert ? ` ssl crt ${service.sslCert}` : '',
      bindOptions: service.bindOptions ? ` ${service.bindOptions}` : '',
    }) + t('HAPROXY_FRONTEND_BACKEND_GLUE', base);
  const vhosts = renderVhostRules(service, t, problems);
  return { frontend, backend: renderBackend(service, slots, t, values), vhosts };
}

type Render = (name: string, context: object) => string;

function serviceContext(service: Service) {
  return {
    backend: service.name,
    appId: service.appId,
    cleanedUpAppId: cleanHostname(service.appId.replace(/^\/+/, '')),
    servicePort: service.servicePort,
    bindAddr: service.bindAddr,
    mode: service.mode,
    balance: service.balance,
    path: service.path ?? '',
    hostname: service.vhosts[0] ?? '',
    cleanedUpHostname: cleanHostname(service.vhosts[0] ?? ''),
  };
}

function renderBackend(service: Service, slots: readonly SlotAssignment[], t: Render, values: SlotValues): string {
  const base = serviceContext(service);
  const hc = service.healthCheck;
  const hcContext = hc && {
    ...base,
    healthCheckPath: hc.path,
    healthCheckTimeoutSeconds: hc.timeoutSeconds,
    healthCheckIntervalSeconds: hc.intervalSeconds,
    healthCheckFalls: hc.falls,
  };
  const http = service.mode === 'http';
  let text = t('HAPROXY_BACKEND_HEAD', base);
  if (http) text += t('HAPROXY_BACKEND_HTTP_OPTIONS', base);
  if (http && service.useHsts) text += t('HAPROXY_BACKEND_HSTS_OPTIONS', base);
  if (http && service.sticky) text += t('HAPROXY_BACKEND_STICKY_OPTIONS', base);
  if (hcContext) {
    text += t(hc.kind === 'http' ? 'HAPROXY_BACKEND_HTTP_HEALTHCHECK_OPTIONS' : 'HAPROXY_BACKEND_TCP_HEALTHCHECK_OPTIONS', hcContext);
  }
  const withCheckPort = slots.some((s) => s.checkPort !== undefined);
  for (const slot of slots) {
    const checkPort = withCheckPort ? ` port ${values.token(String(slot.checkPort ?? EMPTY_SLOT_PORT), '<check-port>')}` : '';
    const healthCheckOptions = hcContext
      ? t(hc.kind === 'http' ? 'HAPROXY_BACKEND_SERVER_HTTP_HEALTHCHECK_OPTIONS' : 'HAPROXY_BACKEND_SERVER_TCP_HEALTHCHECK_OPTIONS', {
          ...hcContext,
          serverName: slot.slot,
          healthCheckPortOptions: checkPort,
        })
      : '';
    text += t('HAPROXY_BACKEND_SERVER_OPTIONS', {
      ...base,
      serverName: slot.slot,
      host: values.token(slot.address ?? EMPTY_SLOT_ADDRESS, '<addr>'),
      port: values.token(String(slot.port ?? EMPTY_SLOT_PORT), '<port>'),
      cookieOptions: http && service.sticky ? ` cookie ${slot.slot}` : '',
      healthCheckOptions,
      otherOptions: values.token(slot.enabled ? '' : ' disabled', ' <state>'),
    });
  }
  return text;
}

function assemble(parts: readonly ServiceParts[], templates: Templates, options: LbOptions): string {
  const t = (name: string, context: object) => renderTemplate(templates[name] ?? DEFAULT_TEMPLATES[name], context);
  let text = t('HAPROXY_HEAD', options);
  if (options.bindHttpHttps) {
    const ordered = [...parts].map((p) => p.vhosts).sort((a, b) => b.weight - a.weight);
    text += t('HAPROXY_HTTP_FRONTEND_HEAD', options);
    text += ordered.map((v) => v.httpAcls).join('');
    text += ordered.map((v) => v.httpRedirects).join('');
    text += ordered.map((v) => v.httpRouting).join('');
    if (options.sslCerts.length > 0) {
      const sslCerts = options.sslCerts.map((c) => `crt ${c}`).join(' ');
      text += t('HAPROXY_HTTPS_FRONTEND_HEAD', { ...options, sslCerts });
      text += ordered.map((v) => v.https).join('');
    }
  }
  text += parts.map((p) => p.frontend).join('');
  text += parts.map((p) => p.backend).join('');
  return text;
}
