/**
 * Parses a graph Find/Hide expression (Kiali's language) into clauses the evaluator runs.
 *
 * Algorithm: the text is cut into tokens (words and the symbolic operators `!*= !^= !$= != >= <=
 * *= ^= $= = > < !`, each with its position), then read by a small recursive-descent parser:
 *
 *   expression := clause ( "or" clause )*
 *   clause     := term ( "and" term )*                  — all node criteria or all edge criteria
 *   term       := ("is"|"has")? negation? ("is"|"has")? operand ( operator value )?
 *   negation   := "!" | "not"
 *   operator   := symbol | "contains" | "startswith" | "endswith" | negation word-operator
 *   value      := every token up to the next "and" / "or", as typed
 *
 * As in Kiali, `and` binds tighter than `or` (`a and b or c` is `(a and b) or c`), there are no
 * parentheses, and one `and` clause cannot mix node and edge criteria. Errors name the offending
 * token and its column, so the user can see what to fix.
 */
import type {
  FindTarget,
  FlagOperand,
  NumberOperand,
  NumericOp,
  OperandInfo,
  StringOp,
  StringOperand,
  SymbolOp,
} from './operands.ts';
import {
  LABEL_PREFIX,
  NODE_TYPE_VALUES,
  NUMERIC_OPS,
  OPERAND_UNITS,
  STRING_OPS,
  SYMBOL_OPS,
  WORD_OPS,
  operandInfo,
} from './operands.ts';

export type FindTerm =
  | {
      readonly kind: 'string';
      readonly target: FindTarget;
      readonly operand: StringOperand;
      readonly op: StringOp;
      readonly value: string;
    }
  | {
      readonly kind: 'number';
      readonly target: FindTarget;
      readonly operand: NumberOperand;
      readonly op: NumericOp;
      /** In the operand's unit; NaN tests for no activity (`= NaN`) or any activity (`!= NaN`). */
      readonly value: number;
    }
  | {
      readonly kind: 'flag';
      readonly target: FindTarget;
      readonly operand: FlagOperand;
      readonly negated: boolean;
    }
  | {
      readonly kind: 'label';
      readonly target: 'node';
      readonly label: string;
      readonly op: StringOp;
      readonly value: string;
    }
  | { readonly kind: 'hasLabel'; readonly target: 'node'; readonly label: string; readonly negated: boolean };

export interface FindClause {
  readonly target: FindTarget;
  readonly terms: readonly FindTerm[];
}

/** Clauses joined by `or`; an empty expression has none and matches nothing. */
export interface FindExpression {
  readonly clauses: readonly FindClause[];
}

export interface FindError {
  /** What is wrong, naming the token and its column (1-based). */
  readonly message: string;
  readonly token: string;
  /** 0-based offset of the token in the text. */
  readonly position: number;
}

export type FindParseResult =
  | { readonly ok: true; readonly expression: FindExpression }
  | { readonly ok: false; readonly error: FindError };

interface Token {
  readonly kind: 'word' | 'op';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

class FindSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly token: string,
    readonly position: number,
  ) {
    super(reason);
  }
}

const isSpace = (c: string) => /\s/.test(c);

function symbolAt(text: string, i: number): SymbolOp | undefined {
  return SYMBOL_OPS.find((op) => text.startsWith(op, i));
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const op = symbolAt(text, i);
    if (op !== undefined) {
      tokens.push({ kind: 'op', text: op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    const start = i;
    // `*`, `^` and `$` start an operator only before `=`; elsewhere they are part of a word.
    while (i < text.length && !isSpace(text.charAt(i)) && symbolAt(text, i) === undefined) i++;
    tokens.push({ kind: 'word', text: text.slice(start, i), start, end: i });
  }
  return tokens;
}

const lower = (t: Token | undefined) => (t?.kind === 'word' ? t.text.toLowerCase() : undefined);
const isConjunction = (t: Token | undefined) => lower(t) === 'and' || lower(t) === 'or';
const isNegation = (t: Token | undefined) => (t?.kind === 'op' && t.text === '!') || lower(t) === 'not';
const isFiller = (t: Token | undefined) => lower(t) === 'is' || lower(t) === 'has';

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value);
  return m?.[2] ?? value;
}

class Parser {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  private fail(reason: string, token: Token | undefined): never {
    const position = token?.start ?? this.text.length;
    const shown = token === undefined ? '' : token.text;
    throw new FindSyntaxError(reason, shown, position);
  }

  parse(): FindExpression {
    const clauses: FindClause[] = [];
    if (this.tokens.length === 0) return { clauses };
    clauses.push(this.clause());
    while (lower(this.peek()) === 'or') {
      this.i++;
      clauses.push(this.clause());
    }
    const extra = this.peek();
    if (extra !== undefined) this.fail(`Expected [and] or [or] before [${extra.text}]`, extra);
    return { clauses };
  }

  private clause(): FindClause {
    const first = this.term();
    const terms: FindTerm[] = [first.term];
    while (lower(this.peek()) === 'and') {
      this.i++;
      const next = this.term();
      if (next.term.target !== first.term.target) {
        this.fail(
          `Can not AND node and edge criteria: [${next.token.text}] is ${next.term.target === 'edge' ? 'an edge' : 'a node'} operand, [${first.token.text}] is not. Use OR to combine them`,
          next.token,
        );
      }
      terms.push(next.term);
    }
    return { target: first.term.target, terms };
  }

  private term(): { term: FindTerm; token: Token } {
    if (isFiller(this.peek())) this.i++;
    let negation: Token | undefined;
    if (isNegation(this.peek())) {
      negation = this.peek();
      this.i++;
      if (isFiller(this.peek())) this.i++;
    }
    const token = this.peek();
    if (token === undefined) {
      const before = this.tokens[this.i - 1];
      this.fail(
        before === undefined ? 'Expected an operand' : `Expected an operand after [${before.text}]`,
        undefined,
      );
    }
    if (token.kind === 'op' || isConjunction(token))
      this.fail(`Expected an operand, found [${token.text}]`, token);
    this.i++;

    const ended = this.peek() === undefined || isConjunction(this.peek());
    if (token.text.toLowerCase().startsWith(LABEL_PREFIX)) {
      const label = token.text.slice(LABEL_PREFIX.length);
      if (label === '') this.fail(`Expected a label name after [${LABEL_PREFIX}]`, token);
      if (ended)
        return { term: { kind: 'hasLabel', target: 'node', label, negated: negation !== undefined }, token };
      if (negation !== undefined) {
        this.fail(
          `Leading [${negation.text}] only tests label existence; use [${token.text} != value]`,
          negation,
        );
      }
      const op = this.operator(token);
      const value = this.value(token, op.token);
      if (!isStringOp(op.op)) this.fail(`Invalid operator [${op.token.text}] for label [${label}]`, op.token);
      return { term: { kind: 'label', target: 'node', label, op: op.op, value: unquote(value.text) }, token };
    }

    const info = operandInfo(token.text);
    if (info === undefined) this.fail(`Invalid operand [${token.text}]`, token);
    if (info.kind === 'flag') {
      if (!ended) {
        const next = this.peek();
        this.fail(
          `Operand [${token.text}] takes no operator or value; use [${token.text}] or [!${token.text}]`,
          next,
        );
      }
      return {
        term: {
          kind: 'flag',
          target: info.target,
          operand: info.operand as FlagOperand,
          negated: negation !== undefined,
        },
        token,
      };
    }
    if (negation !== undefined) {
      this.fail(
        `[${negation.text}] negates only unary operands such as [sidecar]; for [${token.text}] use [!=] or [!contains]`,
        negation,
      );
    }
    if (ended) this.fail(`Expected an operator after [${token.text}]`, this.peek() ?? undefined);
    const op = this.operator(token);
    const value = this.value(token, op.token);
    return { term: this.binaryTerm(info, token, op, value), token };
  }

  private operator(operand: Token): { op: SymbolOp; token: Token } {
    const t = this.peek();
    if (t === undefined) this.fail(`Expected an operator after [${operand.text}]`, t);
    if (isNegation(t)) {
      const word = lower(this.peek(1));
      const op = word === undefined ? undefined : WORD_OPS[word];
      if (op === undefined)
        this.fail(`Expected [contains], [startswith] or [endswith] after [${t.text}]`, this.peek(1) ?? t);
      this.i += 2;
      return { op: `!${op}` as StringOp, token: t };
    }
    if (t.kind === 'op') {
      this.i++;
      return { op: t.text as SymbolOp, token: t };
    }
    const op = WORD_OPS[t.text.toLowerCase()];
    if (op === undefined) this.fail(`Expected an operator after [${operand.text}], found [${t.text}]`, t);
    this.i++;
    return { op, token: t };
  }

  private value(operand: Token, opToken: Token): { text: string; token: Token } {
    const first = this.peek();
    if (first === undefined || isConjunction(first)) {
      this.fail(`Expected a value after [${opToken.text}] for [${operand.text}]`, first);
    }
    let last = first;
    while (this.peek() !== undefined && !isConjunction(this.peek())) {
      last = this.peek() ?? last;
      this.i++;
    }
    return { text: this.text.slice(first.start, last.end).trim(), token: first };
  }

  private binaryTerm(
    info: OperandInfo,
    operand: Token,
    op: { op: SymbolOp; token: Token },
    value: { text: string; token: Token },
  ): FindTerm {
    if (info.kind === 'number') {
      if (!isNumericOp(op.op))
        this.fail(`Invalid operator [${op.token.text}] for numeric operand [${operand.text}]`, op.token);
      const numberOperand = info.operand as NumberOperand;
      const numericOp = { op: op.op, token: op.token };
      return {
        kind: 'number',
        target: info.target,
        operand: numberOperand,
        op: op.op,
        value: this.number(numberOperand, operand, numericOp, value),
      };
    }
    if (!isStringOp(op.op))
      this.fail(`Invalid operator [${op.token.text}] for string operand [${operand.text}]`, op.token);
    let text = unquote(value.text);
    if (info.operand === 'node') {
      const type = NODE_TYPE_VALUES[text.toLowerCase()];
      if (type === undefined) {
        this.fail(
          `Invalid node type [${text}]. Expected app | operation | service | unknown | workload`,
          value.token,
        );
      }
      text = type;
    }
    return {
      kind: 'string',
      target: info.target,
      operand: info.operand as StringOperand,
      op: op.op,
      value: text,
    };
  }

  private number(
    operand: NumberOperand,
    operandToken: Token,
    op: { op: NumericOp; token: Token },
    value: { text: string; token: Token },
  ): number {
    if (value.text.toLowerCase() === 'nan') {
      if (op.op === '=' || op.op === '!=') return Number.NaN;
      this.fail(`[NaN] works only with [=] and [!=], not [${op.op}]`, value.token);
    }
    const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*([a-z%]*)$/i.exec(value.text);
    const expected = `Expected a number after [${op.token.text}] for [${operandToken.text}], found [${value.text}]`;
    if (m === null) this.fail(`${expected} (use '.' for decimals)`, value.token);
    const unit = OPERAND_UNITS[operand];
    const suffix = (m[2] ?? '').toLowerCase();
    const factor = suffix === '' ? 1 : unit.suffixes[suffix];
    if (factor === undefined) {
      const allowed = Object.keys(unit.suffixes).join(' or ');
      this.fail(
        `Invalid unit [${m[2] ?? ''}] for [${operandToken.text}]: values are ${unit.unit} (${allowed})`,
        value.token,
      );
    }
    return Number(m[1]) * factor;
  }
}

function isStringOp(op: SymbolOp): op is StringOp {
  return (STRING_OPS as readonly string[]).includes(op);
}

function isNumericOp(op: SymbolOp): op is NumericOp {
  return (NUMERIC_OPS as readonly string[]).includes(op);
}

export function parseFind(text: string): FindParseResult {
  try {
    return { ok: true, expression: new Parser(text, tokenize(text)).parse() };
  } catch (e) {
    if (!(e instanceof FindSyntaxError)) throw e;
    const where = e.position >= text.length ? 'at the end' : `column ${e.position + 1}`;
    return { ok: false, error: { message: `${e.reason} (${where})`, token: e.token, position: e.position } };
  }
}
