import type { ReadinessCheck } from '@strato/app-definition';
import type { HttpGetResult } from '../health';
import type { ReadinessCheckResult, ReadinessInstance } from './types';

/** The host port of the port definition named `check.portName`; undefined when there is none. */
export function readinessPort(check: Pick<ReadinessCheck, 'portName'>, instance: Pick<ReadinessInstance, 'ports' | 'portNames'>): number | undefined {
  const index = instance.portNames.indexOf(check.portName);
  return index < 0 ? undefined : instance.ports[index];
}

/**
 * Marathon's result of one check run: ready when the server answered one of `httpStatusCodesForReady`;
 * `lastResponse` only with `preserveLastResponse` and only when there was an answer (errors and timeouts have none).
 */
export function readinessResult(check: ReadinessCheck, taskId: string, outcome: HttpGetResult): ReadinessCheckResult {
  const answer = outcome.answer;
  const ready = answer !== undefined && check.httpStatusCodesForReady.includes(answer.status);
  const base = { name: check.name, taskId, ready };
  if (!check.preserveLastResponse || !answer) return base;
  return { ...base, lastResponse: { status: answer.status, contentType: answer.contentType, body: answer.body } };
}

/** Same `ready` and same last response: nothing for deployments (or the JSON) to learn. */
export function sameResult(a: ReadinessCheckResult | undefined, b: ReadinessCheckResult): boolean {
  if (!a || a.ready !== b.ready) return false;
  const x = a.lastResponse;
  const y = b.lastResponse;
  return x === y || (x !== undefined && y !== undefined && x.status === y.status && x.contentType === y.contentType && x.body === y.body);
}
