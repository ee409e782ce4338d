import { SINGLE_INSTANCE_LABEL } from './defaults';
import type { RuleContext } from './rule-context';
import { violation, type Violation } from './violations';

/** Cross-field rules on the command, resources, scheduling and secrets (Marathon AppValidation, SchedulingValidation). */

export const APP_MESSAGES = {
  cmdArgsContainer: "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.",
  gpuDocker: 'GPU resources only work with the Mesos containerizer',
  featureDisabled: (f: string) => `Feature ${f} is not enabled. Enable with --enable_features ${f})`,
  singleInstance: 'Single instance app may only have one instance',
  singleInstanceUpgrade: 'must be 0 for a single instance app',
  residentOverCapacity: 'must be 0 for resident apps',
  residentUnreachable: 'unreachableStrategy must be disabled for resident tasks',
  residency: 'App must contain persistent volumes and define residency',
  inactiveAfterExpunge: 'must be less than or equal to expungeAfterSeconds',
  dockerMissing: 'not defined',
  oneImageType: 'mesos containers should specify, at most, a single image type',
  pullConfigDocker: 'pullConfig is not supported with Docker containerizer',
  pullConfigSecret: 'pullConfig.secret must refer to an existing secret',
  envSecretsFeature: 'use of secret-references in the environment requires the secrets feature to be enabled',
  undefinedSecret: 'references an undefined secret',
  limitBelowRequest: (resource: string, value: number) => `must be greater than or equal to ${resource} (${value})`,
  oneCheckKind: 'must specify exactly one of http, tcp or exec',
  oneCommandForm: 'must specify exactly one of shell or argv',
} as const;

const M = APP_MESSAGES;

export function commandViolations({ app }: RuleContext): Violation[] {
  const cmd = app.cmd !== undefined;
  const args = (app.args?.length ?? 0) > 0;
  const c = app.container;
  // A container counts when it names exactly the image kind its containerizer runs.
  const container =
    c !== undefined && (c.type === 'DOCKER' ? !!c.docker && !c.appc : !(c.docker && c.appc) && !!(c.docker || c.appc));
  return cmd !== args || (!(cmd && args) && container) ? [] : [violation('/', M.cmdArgsContainer)];
}

export function containerViolations({ app }: RuleContext): Violation[] {
  const c = app.container;
  if (!c) return [];
  const out: Violation[] = [];
  if (c.type === 'DOCKER' && !c.docker) out.push(violation('/container/docker', M.dockerMissing));
  if (c.type === 'MESOS' && c.docker && c.appc) out.push(violation('/container', M.oneImageType));
  if (c.type === 'DOCKER' && c.docker?.pullConfig) out.push(violation('/container/docker/pullConfig', M.pullConfigDocker));
  if (c.type === 'MESOS' && c.docker?.pullConfig && !(c.docker.pullConfig.secret in app.secrets)) {
    out.push(violation('/container/docker/pullConfig', M.pullConfigSecret));
  }
  return out;
}

export function resourceViolations({ app, features }: RuleContext): Violation[] {
  const out: Violation[] = [];
  if (app.gpus > 0 && app.container?.type === 'DOCKER') out.push(violation('/', M.gpuDocker));
  if (app.gpus > 0 && !features.includes('gpu_resources')) out.push(violation('/gpus', M.featureDisabled('gpu_resources')));
  for (const resource of ['cpus', 'mem'] as const) {
    const limit = app.resourceLimits?.[resource];
    if (typeof limit === 'number' && limit < app[resource]) {
      out.push(violation(`/resourceLimits/${resource}`, M.limitBelowRequest(resource, app[resource])));
    }
  }
  return out;
}

export function schedulingViolations({ canonical, app }: RuleContext): Violation[] {
  const out: Violation[] = [];
  const resident = app.container?.volumes.some((v) => v.persistent !== undefined) ?? false;
  const given = canonical.upgradeStrategy ?? {};
  if (app.labels[SINGLE_INSTANCE_LABEL] === 'true') {
    if (app.instances > 1) out.push(violation('/', M.singleInstance));
    for (const key of ['minimumHealthCapacity', 'maximumOverCapacity'] as const) {
      if ((given[key] ?? 0) !== 0) out.push(violation(`/upgradeStrategy/${key}`, M.singleInstanceUpgrade));
    }
  }
  if (resident && app.upgradeStrategy.maximumOverCapacity !== 0) {
    out.push(violation('/upgradeStrategy/maximumOverCapacity', M.residentOverCapacity));
  }
  if (canonical.residency && !resident) out.push(violation('/', M.residency));
  const unreachable = app.unreachableStrategy;
  if (resident && unreachable !== 'disabled') out.push(violation('/', M.residentUnreachable));
  if (unreachable !== 'disabled' && unreachable.inactiveAfterSeconds > unreachable.expungeAfterSeconds) {
    out.push(violation('/unreachableStrategy/inactiveAfterSeconds', M.inactiveAfterExpunge));
  }
  return out;
}

export function secretViolations({ app, features }: RuleContext): Violation[] {
  const out: Violation[] = [];
  const refs = Object.entries(app.env).filter((e): e is [string, { secret: string }] => typeof e[1] !== 'string');
  if (!features.includes('secrets')) {
    if (Object.keys(app.secrets).length > 0) out.push(violation('/secrets', M.featureDisabled('secrets')));
    if (refs.length > 0) out.push(violation('/env', M.envSecretsFeature));
    return out;
  }
  for (const [name, ref] of refs) {
    if (!(ref.secret in app.secrets)) out.push(violation(`/env/${name}/secret`, M.undefinedSecret));
  }
  return out;
}

export function checkViolations({ app }: RuleContext): Violation[] {
  const check = app.check;
  if (!check) return [];
  const out: Violation[] = [];
  if ([check.http, check.tcp, check.exec].filter((k) => k !== undefined).length !== 1) {
    out.push(violation('/check', M.oneCheckKind));
  }
  const command = check.exec?.command as { shell?: string; argv?: string[] } | undefined;
  if (command && (command.shell === undefined) === (command.argv === undefined)) {
    out.push(violation('/check/exec/command', M.oneCommandForm));
  }
  return out;
}
