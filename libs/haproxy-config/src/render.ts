/**
 * The config text for a list of services: HAProxy head, the shared vhost frontends, a frontend per service
 * port, then the backends with their server slots. `structure` is the same text with every slot's address,
 * port and state masked, so `planApply` can tell a membership change (runtime API) from anything else (reload).
 * Both are built in one pass: only server lines differ between them.
 */
import type { LbOptions, Server, Service } from './types';
import type { Templates } from './templates';
import { bindSimple, BoundTemplate, compileTemplate, CompiledTemplate, DEFAULT_TEMPLATES, fillBound } from './templates';
import { assignSlots, SlotAssignment } from './slots';
import { cleanHostname, renderVhostRules, VhostRules } from './vhosts';
import { Data, sameServers, sameService, sameSlots, serviceData, serviceTemplates } from './render-memo';

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

/** Placeholders for one server line's slot values (see `templateServerLines`). */
class LineValues {
  private readonly values: { real: string; mask: string }[] = [];

  token(real: string, mask: string): string {
    this.values.push({ real, mask });
    return `\u0000${this.values.length - 1}\u0000`;
  }

  substitute(raw: string, which: 'real' | 'mask'): string {
    if (this.values.length === 0) return raw;
    return raw.replace(/\u0000(\d+)\u0000/g, (_, i: string) => this.values[Number(i)][which]);
  }
}

/** One service's pieces, before assembly: the backend twice, with real slot values and masked. */
export interface ServiceParts extends BackendParts {
  frontend: string;
  vhosts: VhostRules;
}

/**
 * A backend section: a head, then one server line per slot in slot order, with real values and masked. The
 * offsets where each slot's line ends let `interimConfig` cut the section after any slot.
 */
export interface BackendParts {
  backend: string;
  backendStructure: string;
  /** Where slot i's line ends in `backend`, and in `backendStructure`. */
  serverEnds: readonly number[];
  structureEnds: readonly number[];
}

/**
 * What a render keeps for the next one, found by its `Rendered` (so the public shape stays plain data):
 * each service's rendered parts, reused when nothing they are rendered from has changed.
 */
export interface RenderMemo {
  /** The per-port template texts the services were rendered with (a copy: `templates` could be changed in place). */
  templates: readonly string[];
  services: Map<string, MemoEntry>;
  /** Everything before the backends (the same in `text` and `structure`). */
  head: string;
}

export interface MemoEntry {
  /** A copy of the service without its servers. */
  service: Data;
  /** A copy of the servers the slots were assigned from. */
  servers: readonly Server[];
  slots: readonly SlotAssignment[];
  parts: ServiceParts;
  problems: readonly string[];
}

const memos = new WeakMap<Rendered, RenderMemo>();

/** The pieces a render was assembled from (for `interimConfig`); undefined for a `Rendered` made elsewhere. */
export function memoOf(rendered: Rendered): RenderMemo | undefined {
  return memos.get(rendered);
}

/**
 * A `Rendered` whose `structure` is built on first use: `planApply` compares two renders by their pieces
 * (`sameStructure`), so most renders never need it, and it is as large as the text (1.4 MB for 1,000 apps).
 */
export function withLazyStructure(
  text: string,
  backends: ReadonlyMap<string, readonly SlotAssignment[]>,
  problems: string[],
  build: () => string,
): Rendered {
  let structure: string | undefined;
  return {
    text, backends, problems,
    get structure() {
      return (structure ??= build());
    },
  };
}

/** Records the pieces `rendered` is assembled from, so the next render can reuse them; returns `rendered`. */
export function withMemo(rendered: Rendered, memo: RenderMemo): Rendered {
  memos.set(rendered, memo);
  return rendered;
}

export function renderConfig(
  services: readonly Service[],
  templates: Templates,
  options: LbOptions,
  previous?: Rendered,
): Rendered {
  const problems: string[] = [];
  const backends = new Map<string, readonly SlotAssignment[]>();
  const parts: ServiceParts[] = [];
  const memo: RenderMemo = { templates: serviceTemplates(templates), services: new Map(), head: '' };
  const before = previous && memos.get(previous);
  const reusable = before !== undefined && before.templates.every((text, i) => text === memo.templates[i]);
  for (const service of services) {
    if (backends.has(service.name)) {
      problems.push(`${service.appId} port ${service.servicePort}: backend ${service.name} already rendered; skipped`);
      continue;
    }
    const previousSlots = previous?.backends.get(service.name);
    const last = reusable ? before.services.get(service.name) : undefined;
    let entry: MemoEntry;
    if (last && last.slots === previousSlots && sameServers(last.servers, service.servers) && sameService(last.service, service)) {
      // The same unique servers assigned against the slots they produced land in the same slots.
      entry = last;
    } else {
      const hasCheckPort = service.healthCheck !== undefined && service.servers.some((s) => s.checkPort !== undefined);
      const slots = assignSlots(service.name, service.servers, previousSlots, hasCheckPort, service.expectedServers);
      const servers = service.servers.map(({ taskId, address, port, checkPort }) => ({ taskId, address, port, checkPort }));
      if (last && sameSlots(last.slots, slots) && sameService(last.service, service)) {
        entry = { ...last, servers, slots };
      } else {
        const serviceProblems: string[] = [];
        const rendered = renderServiceSafely(service, slots, templates, serviceProblems);
        entry = { service: serviceData(service), servers, slots, parts: rendered, problems: serviceProblems };
      }
    }
    memo.services.set(service.name, entry);
    backends.set(service.name, entry.slots);
    problems.push(...entry.problems);
    parts.push(entry.parts);
  }
  const head = assemble(parts, templates, options);
  memo.head = head;
  const text = head + parts.map((p) => p.backend).join('');
  const rendered = withLazyStructure(text, backends, [...new Set(problems)], () => head + parts.map((p) => p.backendStructure).join(''));
  return withMemo(rendered, memo);
}

/** A per-port override that fails renders that service with the global templates, and is reported. */
function renderServiceSafely(
  service: Service,
  slots: readonly SlotAssignment[],
  templates: Templates,
  problems: string[],
): ServiceParts {
  const overrides = Object.keys(service.templates);
  if (overrides.length > 0) {
    try {
      return renderService(service, slots, { ...templates, ...service.templates }, problems);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push(
        `${service.appId} port ${service.servicePort}: template override (${overrides.join(', ')}) failed, ` +
          `rendered with the defaults: ${reason}`,
      );
    }
  }
  return renderService(service, slots, templates, problems);
}

const templateOf = (templates: Templates, name: string): CompiledTemplate =>
  compileTemplate(templates[name] ?? DEFAULT_TEMPLATES[name]);

function renderService(
  service: Service,
  slots: readonly SlotAssignment[],
  templates: Templates,
  problems: string[],
): ServiceParts {
  const t = (name: string, context: object) => templateOf(templates, name)(context);
  const base = serviceContext(service);
  const frontend = t('HAPROXY_FRONTEND_HEAD', frontendContext(service, base)) + t('HAPROXY_FRONTEND_BACKEND_GLUE', base);
  const vhosts = renderVhostRules(service, t, problems);
  const b = renderBackend(service, base, slots, templates, t);
  return { frontend, vhosts, backend: b.backend, backendStructure: b.backendStructure, serverEnds: b.serverEnds, structureEnds: b.structureEnds };
}

type Render = (name: string, context: object) => string;
type ServiceContext = ReturnType<typeof serviceContext>;

/** `{ ...base, sslCert, bindOptions }`, written out: object spread is slow on this hot path. */
function frontendContext(service: Service, base: ServiceContext) {
  return {
    backend: base.backend,
    appId: base.appId,
    cleanedUpAppId: base.cleanedUpAppId,
    servicePort: base.servicePort,
    bindAddr: base.bindAddr,
    mode: base.mode,
    balance: base.balance,
    path: base.path,
    hostname: base.hostname,
    cleanedUpHostname: base.cleanedUpHostname,
    sslCert: service.sslCert ? ` ssl crt ${service.sslCert}` : '',
    bindOptions: service.bindOptions ? ` ${service.bindOptions}` : '',
  };
}

function serviceContext(service: Service) {
  const hostname = service.vhosts[0] ?? '';
  return {
    backend: service.name,
    appId: service.appId,
    cleanedUpAppId: cleanHostname(service.appId.replace(/^\/+/, '')),
    servicePort: service.servicePort,
    bindAddr: service.bindAddr,
    mode: service.mode,
    balance: service.balance,
    path: service.path ?? '',
    hostname,
    cleanedUpHostname: cleanHostname(hostname),
  };
}

/** What changes from one server line to the next; a template's other variables are the same for the whole backend. */
const SERVER_LINE_NAMES = ['serverName', 'host', 'port', 'cookieOptions', 'healthCheckOptions', 'otherOptions'];
const [SERVER_NAME, HOST, PORT, COOKIE_OPTIONS, HEALTH_CHECK_OPTIONS, OTHER_OPTIONS] = [0, 1, 2, 3, 4, 5];
const SERVER_CHECK_NAMES = ['serverName', 'healthCheckPortOptions'];
const [CHECK_SERVER_NAME, CHECK_PORT_OPTIONS] = [0, 1];

function renderBackend(
  service: Service,
  base: ServiceContext,
  slots: readonly SlotAssignment[],
  templates: Templates,
  t: Render,
): BackendParts {
  const hc = service.healthCheck;
  const hcContext = hc && {
    ...base,
    healthCheckPath: hc.path,
    healthCheckTimeoutSeconds: hc.timeoutSeconds,
    healthCheckIntervalSeconds: hc.intervalSeconds,
    healthCheckFalls: hc.falls,
  };
  const http = service.mode === 'http';
  let head = t('HAPROXY_BACKEND_HEAD', base);
  if (http) head += t('HAPROXY_BACKEND_HTTP_OPTIONS', base);
  if (http && service.useHsts) head += t('HAPROXY_BACKEND_HSTS_OPTIONS', base);
  if (http && service.sticky) head += t('HAPROXY_BACKEND_STICKY_OPTIONS', base);
  if (hcContext) {
    head += t(hc.kind === 'http' ? 'HAPROXY_BACKEND_HTTP_HEALTHCHECK_OPTIONS' : 'HAPROXY_BACKEND_TCP_HEALTHCHECK_OPTIONS', hcContext);
  }
  const server = templateOf(templates, 'HAPROXY_BACKEND_SERVER_OPTIONS');
  const check = hcContext
    ? templateOf(templates, hc.kind === 'http' ? 'HAPROXY_BACKEND_SERVER_HTTP_HEALTHCHECK_OPTIONS' : 'HAPROXY_BACKEND_SERVER_TCP_HEALTHCHECK_OPTIONS')
    : undefined;
  const lines: ServerLines = {
    sticky: http && service.sticky,
    withCheckPort: slots.some((s) => s.checkPort !== undefined),
    text: [head],
    structure: [head],
  };
  const serverLine = server.simple && bindSimple(server.simple, base, SERVER_LINE_NAMES);
  const checkLine = check?.simple && hcContext && bindSimple(check.simple, hcContext, SERVER_CHECK_NAMES);
  if (serverLine && (!check || checkLine)) simpleServerLines(slots, serverLine, checkLine || undefined, lines);
  else templateServerLines(slots, base, server, check && hcContext && { template: check, context: hcContext }, lines);
  return {
    backend: lines.text.join(''), backendStructure: lines.structure.join(''),
    serverEnds: lineEnds(lines.text), structureEnds: lineEnds(lines.structure),
  };
}

/** Where each piece after the first (the head) ends in the joined text. */
function lineEnds(pieces: readonly string[]): number[] {
  const ends = new Array<number>(pieces.length - 1);
  let at = pieces[0].length;
  for (let i = 1; i < pieces.length; i++) ends[i - 1] = at += pieces[i].length;
  return ends;
}

interface ServerLines {
  sticky: boolean;
  withCheckPort: boolean;
  /** Collected and joined once: `+=` would build deep rope strings, slow to flatten later. */
  text: string[];
  structure: string[];
}

/** Server lines whose templates only substitute names: each is filled twice, with real values and with masks. */
function simpleServerLines(slots: readonly SlotAssignment[], serverLine: BoundTemplate, checkLine: BoundTemplate | undefined, out: ServerLines): void {
  const line = ['', '', '', '', '', ''];
  const check = ['', ''];
  for (const slot of slots) {
    line[SERVER_NAME] = check[CHECK_SERVER_NAME] = slot.slot;
    line[COOKIE_OPTIONS] = out.sticky ? ` cookie ${slot.slot}` : '';
    if (checkLine) {
      check[CHECK_PORT_OPTIONS] = out.withCheckPort ? ` port ${slot.checkPort ?? EMPTY_SLOT_PORT}` : '';
      line[HEALTH_CHECK_OPTIONS] = fillBound(checkLine, check);
    }
    line[HOST] = slot.address ?? EMPTY_SLOT_ADDRESS;
    line[PORT] = String(slot.port ?? EMPTY_SLOT_PORT);
    line[OTHER_OPTIONS] = slot.enabled ? '' : ' disabled';
    out.text.push(fillBound(serverLine, line));
    if (checkLine) {
      check[CHECK_PORT_OPTIONS] = out.withCheckPort ? ' port <check-port>' : '';
      line[HEALTH_CHECK_OPTIONS] = fillBound(checkLine, check);
    }
    line[HOST] = '<addr>';
    line[PORT] = '<port>';
    line[OTHER_OPTIONS] = ' <state>';
    out.structure.push(fillBound(serverLine, line));
  }
}

/**
 * Server lines through handlebars: slot values go in as placeholders, replaced in each line by the real
 * values for `text` and by the masks for `structure`. Templates never see the masks, and a block helper
 * (`{{#if otherOptions}}`) sees the same non-empty placeholder either way.
 */
function templateServerLines(
  slots: readonly SlotAssignment[],
  base: object,
  server: CompiledTemplate,
  check: { template: CompiledTemplate; context: object } | undefined,
  out: ServerLines,
): void {
  for (const slot of slots) {
    const values = new LineValues();
    const checkPort = out.withCheckPort ? ` port ${values.token(String(slot.checkPort ?? EMPTY_SLOT_PORT), '<check-port>')}` : '';
    const healthCheckOptions = check
      ? check.template({ ...check.context, serverName: slot.slot, healthCheckPortOptions: checkPort })
      : '';
    const raw = server({
      ...base,
      serverName: slot.slot,
      host: values.token(slot.address ?? EMPTY_SLOT_ADDRESS, '<addr>'),
      port: values.token(String(slot.port ?? EMPTY_SLOT_PORT), '<port>'),
      cookieOptions: out.sticky ? ` cookie ${slot.slot}` : '',
      healthCheckOptions,
      otherOptions: values.token(slot.enabled ? '' : ' disabled', ' <state>'),
    });
    out.text.push(values.substitute(raw, 'real'));
    out.structure.push(values.substitute(raw, 'mask'));
  }
}

/** Everything before the backends: head, the shared vhost frontends, a frontend per service. */
function assemble(parts: readonly ServiceParts[], templates: Templates, options: LbOptions): string {
  const t = (name: string, context: object) => templateOf(templates, name)(context);
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
  return text;
}
