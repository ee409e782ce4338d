import type { RuleContext } from './rule-context';
import {
  checkViolations,
  commandViolations,
  containerViolations,
  resourceViolations,
  schedulingViolations,
  secretViolations,
} from './rules-app';
import { healthCheckViolations, networkViolations, portViolations, readinessViolations } from './rules-ports';
import type { Violation } from './violations';

/** Every cross-field rule, in the order their messages are reported. */
const RULES: readonly ((ctx: RuleContext) => Violation[])[] = [
  commandViolations,
  containerViolations,
  networkViolations,
  portViolations,
  healthCheckViolations,
  readinessViolations,
  resourceViolations,
  schedulingViolations,
  secretViolations,
  checkViolations,
];

export function crossFieldViolations(ctx: RuleContext): Violation[] {
  return RULES.flatMap((rule) => rule(ctx));
}
