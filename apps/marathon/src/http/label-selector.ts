import { invalidArgument } from '@strato/errors';

/**
 * Marathon's label selectors for `GET /v2/apps?label=` (`api/v2/LabelSelector.scala`): comma-separated terms,
 * all of which must match (AND):
 *   `key`               the label exists
 *   `key==v` `key!=v`   the label exists and equals / differs from `v`
 *   `key in (a,b)`      the label exists and its value is one of the set
 *   `key notin (a,b)`   the label exists and its value is none of the set
 * Keys and values are `[-A-Za-z0-9_.]` characters; any other character is written backslash-escaped (`a\ b`).
 * Whitespace between tokens is ignored. As in Marathon, every operator requires the label to exist.
 */
export type LabelSelector = (labels: Readonly<Record<string, string>>) => boolean;

type Token = { kind: 'term'; text: string } | { kind: 'op'; text: '==' | '!=' | '(' | ')' | ',' };

const TERM = /^(?:\\.|[-A-Za-z0-9_.])+/;

function tokenize(input: string): Token[] | undefined {
  const tokens: Token[] = [];
  let rest = input;
  while (rest.length > 0) {
    const space = /^\s+/.exec(rest);
    if (space) {
      rest = rest.slice(space[0].length);
      continue;
    }
    const op = /^(==|!=|\(|\)|,)/.exec(rest);
    if (op) {
      tokens.push({ kind: 'op', text: op[1] as '==' | '!=' | '(' | ')' | ',' });
      rest = rest.slice(op[1].length);
      continue;
    }
    const term = TERM.exec(rest);
    if (!term) return undefined;
    tokens.push({ kind: 'term', text: term[0].replace(/\\(.)/g, '$1') });
    rest = rest.slice(term[0].length);
  }
  return tokens;
}

/** Parses a selector; a malformed one is a 422 `Can not parse label selector <input>` (as Marathon). */
export function parseLabelSelector(input: string): LabelSelector {
  const selector = tryParse(input);
  if (!selector) throw invalidArgument(`Can not parse label selector ${input}`);
  return selector;
}

function tryParse(input: string): LabelSelector | undefined {
  const tokens = tokenize(input);
  if (!tokens) return undefined;
  const terms: LabelSelector[] = [];
  let i = 0;
  const term = (): string | undefined => {
    const t = tokens[i];
    if (t?.kind !== 'term') return undefined;
    i++;
    return t.text;
  };
  const op = (text: string): boolean => {
    const t = tokens[i];
    if (t?.kind === 'op' && t.text === text) {
      i++;
      return true;
    }
    return false;
  };
  while (i < tokens.length) {
    if (terms.length > 0 && !op(',')) return undefined;
    const key = term();
    if (key === undefined) return undefined;
    const next = tokens[i];
    if (next === undefined || (next.kind === 'op' && next.text === ',')) {
      terms.push((labels) => has(labels, key));
    } else if (next.kind === 'op' && (next.text === '==' || next.text === '!=')) {
      i++;
      const value = term();
      if (value === undefined) return undefined;
      const equal = next.text === '==';
      terms.push((labels) => has(labels, key) && (labels[key] === value) === equal);
    } else if (next.kind === 'term' && (next.text === 'in' || next.text === 'notin')) {
      i++;
      if (!op('(')) return undefined;
      const values: string[] = [];
      if (!op(')')) {
        for (;;) {
          const value = term();
          if (value === undefined) return undefined;
          values.push(value);
          if (op(')')) break;
          if (!op(',')) return undefined;
        }
      }
      const inSet = next.text === 'in';
      terms.push((labels) => has(labels, key) && values.includes(labels[key]) === inSet);
    } else {
      return undefined;
    }
  }
  return (labels) => terms.every((t) => t(labels));
}

function has(labels: Readonly<Record<string, string>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}
