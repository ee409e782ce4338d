/**
 * A service's rules in the shared `:httpPort` and `:httpsPort` frontends (`HAPROXY_{n}_VHOST`, `_PATH`,
 * `_REDIRECT_TO_HTTPS`). Rules are kept in three groups so the assembled frontend lists every ACL, then
 * every redirect, then every `use_backend`: HAProxy 2.6 evaluates redirects first anyway and warns when
 * one is written after a `use_backend`.
 */
import type { Service } from './types';

export interface VhostRules {
  /** `HAPROXY_{n}_BACKEND_WEIGHT` (path rules default to 1): higher goes first. */
  weight: number;
  httpAcls: string;
  httpRedirects: string;
  httpRouting: string;
  https: string;
}

type Render = (name: string, context: object) => string;

/** ACL-safe form of a host name, as marathon-lb's `cleanedUpHostname`. */
export const cleanHostname = (name: string): string => name.replace(/[^a-zA-Z0-9]/g, '_');

export function renderVhostRules(service: Service, t: Render, problems: string[]): VhostRules {
  const rules: VhostRules = { weight: service.backendWeight, httpAcls: '', httpRedirects: '', httpRouting: '', https: '' };
  if (service.vhosts.length === 0) return rules;
  if (service.mode !== 'http') {
    // HAProxy refuses an http frontend that routes to a tcp backend.
    problems.push(`${service.appId} port ${service.servicePort}: HAPROXY_${service.index}_VHOST ignored in tcp mode`);
    return rules;
  }
  const path = service.path;
  const base = { backend: service.name, appId: service.appId, servicePort: service.servicePort, path: path ?? '' };
  if (path) rules.httpAcls += t('HAPROXY_HTTP_FRONTEND_ACL_ONLY_WITH_PATH', base);
  for (const hostname of service.vhosts) {
    const context = { ...base, hostname, cleanedUpHostname: cleanHostname(hostname) };
    rules.httpAcls += t('HAPROXY_HTTP_FRONTEND_ACL_ONLY', context);
    if (service.redirectToHttps) {
      rules.httpRedirects += t(
        path ? 'HAPROXY_BACKEND_REDIRECT_HTTP_TO_HTTPS_WITH_PATH' : 'HAPROXY_BACKEND_REDIRECT_HTTP_TO_HTTPS',
        context,
      );
    }
    rules.httpRouting += t(path ? 'HAPROXY_HTTP_FRONTEND_ROUTING_ONLY_WITH_PATH' : 'HAPROXY_HTTP_FRONTEND_ROUTING_ONLY', context);
    rules.https += t(path ? 'HAPROXY_HTTPS_FRONTEND_ACL_WITH_PATH' : 'HAPROXY_HTTPS_FRONTEND_ACL', context);
  }
  return rules;
}
