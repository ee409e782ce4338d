import { attributeValueToString } from '@strato/resources';
import type { Attribute } from '@strato/resources';
import type { Constraint } from './constraint';
import type { PlacedInstance, PlacementOffer } from './types';

/** A constraint field's value on an agent: its text form, plus the number for scalar attributes. */
export interface FieldValue {
  readonly text: string;
  /** Fixed-point thousandths, only for scalar attributes (so `IS` can compare numerically). */
  readonly milli?: number;
}

type Located = Pick<PlacedInstance, 'hostname' | 'attributes' | 'region' | 'zone'>;

/**
 * Reads `field` from an offer or a placed instance: `hostname`/`@hostname` is the agent hostname, `@region`/`@zone`
 * its fault domain, anything else an agent attribute (the first one with that name; text, scalar or ranges printed
 * by `attributeValueToString`). Undefined when the agent does not have it.
 */
export function readField(at: Located, field: string): FieldValue | undefined {
  switch (field) {
    case 'hostname':
    case '@hostname':
      return { text: at.hostname };
    case '@region':
      return at.region === undefined ? undefined : { text: at.region };
    case '@zone':
      return at.zone === undefined ? undefined : { text: at.zone };
    default:
      return attributeField(at.attributes, field);
  }
}

function attributeField(attributes: readonly Attribute[], name: string): FieldValue | undefined {
  const attr = attributes.find((a) => a.name === name);
  if (attr === undefined) return undefined;
  const text = attributeValueToString(attr.value);
  return attr.value.type === 'scalar' ? { text, milli: attr.value.milli } : { text };
}

/** `hostname` for the hostname fields, `region`, `zone`, or the attribute name, for messages ("rack r1"). */
export function fieldNoun(field: string): string {
  return field.startsWith('@') ? field.slice(1) : field;
}

/** What every filter needs besides the offer: the offer's value and a reader for placed instances. */
export interface ConstraintContext {
  /** The constraint field on the offer's agent; undefined when the agent lacks it. */
  readonly offerValue: FieldValue | undefined;
  /** The constraint field of a placed instance (text form); undefined when its agent lacks it. */
  readonly placedValue: (p: PlacedInstance) => string | undefined;
  /** The constraint as the user wrote it, for messages: `MAX_PER zone:2`, `UNIQUE hostname`. */
  readonly label: string;
}

export function constraintLabel(c: Constraint): string {
  return c.value === undefined ? `${c.operator} ${c.field}` : `${c.operator} ${c.field}:${c.value}`;
}

export function constraintContext(offer: PlacementOffer, constraint: Constraint): ConstraintContext {
  const { field } = constraint;
  return {
    offerValue: readField(offer, field),
    placedValue: (p) => readField(p, field)?.text,
    label: constraintLabel(constraint),
  };
}

/** "agent 'a1' has no attribute 'rack'" / "agent 'a1' has no zone". */
export function missingFieldMessage(label: string, offer: PlacementOffer, field: string): string {
  const what = field.startsWith('@') ? fieldNoun(field) : `attribute '${field}'`;
  return `${label}: agent '${offer.agentId}' has no ${what}`;
}

/** Counts placed instances per field value; instances whose agent lacks the field belong to no group. */
export function countByValue(placed: readonly PlacedInstance[], ctx: ConstraintContext): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of placed) {
    const v = ctx.placedValue(p);
    if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}
