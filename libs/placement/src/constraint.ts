/** The constraint operators Marathon accepts (after upper-casing). */
export const CONSTRAINT_OPERATORS = ['UNIQUE', 'CLUSTER', 'GROUP_BY', 'LIKE', 'UNLIKE', 'MAX_PER', 'IS'] as const;

export type ConstraintOperator = (typeof CONSTRAINT_OPERATORS)[number];

/** A parsed app constraint: `["rack", "GROUP_BY", "3"]` is `{ field: 'rack', operator: 'GROUP_BY', value: '3' }`. */
export interface Constraint {
  readonly field: string;
  readonly operator: ConstraintOperator;
  readonly value?: string;
}

/** One validation failure, Marathon's `details` shape; `path` is relative to the constraints array (`/0`, `/1/2`). */
export interface ConstraintViolation {
  path: string;
  errors: string[];
}

export function isConstraintOperator(op: string): op is ConstraintOperator {
  return (CONSTRAINT_OPERATORS as readonly string[]).includes(op);
}
