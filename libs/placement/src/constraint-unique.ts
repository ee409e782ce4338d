import type { ConstraintFilter } from './constraint-filter';
import { fieldNoun, missingFieldMessage } from './field';
import { ACCEPT, reject } from './types';

/** UNIQUE: no other instance may have the offer's value (e.g. one instance per host). */
export const checkUnique: ConstraintFilter = (offer, placed, constraint, ctx) => {
  const value = ctx.offerValue;
  if (value === undefined) return reject(missingFieldMessage(ctx.label, offer, constraint.field));
  const clash = placed.find((p) => ctx.placedValue(p) === value.text);
  if (clash === undefined) return ACCEPT;
  if (isHostField(constraint.field)) {
    const where = clash.agentId === offer.agentId ? `agent '${offer.agentId}'` : `host '${offer.hostname}'`;
    return reject(`${ctx.label}: ${where} already runs instance ${clash.instanceId}`);
  }
  return reject(`${ctx.label}: ${fieldNoun(constraint.field)} ${value.text} already has instance ${clash.instanceId}`);
};

function isHostField(field: string): boolean {
  return field === 'hostname' || field === '@hostname';
}
