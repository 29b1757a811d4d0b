/**
 * A parser for the part of HCL's expression syntax that validation
 * conditions are written in: literals, tuples, references, function calls,
 * operators, conditionals and `[for ...]` expressions. Anything else (object
 * constructors, templates with interpolation, splats, heredocs) is refused
 * with an {@link ExpressionSyntaxError}, so a condition that is not fully
 * understood is never half-used.
 */

/** A literal value. */
export type Literal = string | number | boolean | null;

/** One step of a reference: an attribute name or an index. */
export type Traversal = string | number;

/** A parsed expression. */
export type Expr =
  | { kind: 'literal'; value: Literal }
  | { kind: 'tuple'; items: Expr[] }
  | { kind: 'ref'; root: string; traversal: Traversal[] }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'unary'; op: '!' | '-'; operand: Expr }
  | { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr }
  | { kind: 'conditional'; test: Expr; then: Expr; otherwise: Expr }
  | {
      kind: 'for';
      keyName: string | null;
      valueName: string;
      collection: Expr;
      body: Expr;
      filtered: boolean;
    };

export type BinaryOperator =
  | '||'
  | '&&'
  | '=='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%';

/** The text is not an expression this parser understands. */
export class ExpressionSyntaxError extends Error {
  name = 'ExpressionSyntaxError';
}

type Token =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'ident'; value: string }
  | { type: 'punct'; value: string };

const PUNCTUATION = [
  '&&',
  '||',
  '==',
  '!=',
  '<=',
  '>=',
  '=>',
  '...',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  ':',
  '?',
  '!',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
];

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/;
const NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '"': '"',
  '\\': '\\',
};

/** `\uNNNN` and `\UNNNNNNNN`. */
const UNICODE_ESCAPE_DIGITS: Record<string, number> = { u: 4, U: 8 };

/** The punctuation token at `i`, longest first. */
function punctuationAt(text: string, i: number): string | undefined {
  return PUNCTUATION.find(p => text.startsWith(p, i));
}

/** Reads a quoted string starting at `start` (the opening quote). */
function readString(
  text: string,
  start: number,
): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return { value, end: i + 1 };
    if (c === '\n') break;
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== undefined && next in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[next];
        i += 2;
        continue;
      }
      const digits = UNICODE_ESCAPE_DIGITS[next] ?? 0;
      const hex = text.slice(i + 2, i + 2 + digits);
      if (digits === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length < digits) {
        throw new ExpressionSyntaxError(`invalid escape at ${i}`);
      }
      value += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + digits;
      continue;
    }
    if ((c === '$' || c === '%') && text[i + 1] === '{') {
      throw new ExpressionSyntaxError('string templates are not supported');
    }
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      value += `${c}{`;
      i += 3;
      continue;
    }
    value += c;
    i += 1;
  }
  throw new ExpressionSyntaxError('unterminated string');
}

/** The end of the comment starting at `i`, or `i` when there is none. */
function skipComment(text: string, i: number): number {
  if (text[i] === '#' || text.startsWith('//', i)) {
    const end = text.indexOf('\n', i);
    return end === -1 ? text.length : end;
  }
  if (text.startsWith('/*', i)) {
    const end = text.indexOf('*/', i + 2);
    if (end === -1) throw new ExpressionSyntaxError('unterminated comment');
    return end + 2;
  }
  return i;
}

/** Splits an expression into tokens; comments and line breaks are skipped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const afterComment = skipComment(text, i);
    if (afterComment !== i) {
      i = afterComment;
    } else if (/\s/.test(c)) {
      i += 1;
    } else if (c === '"') {
      const { value, end } = readString(text, i);
      tokens.push({ type: 'string', value });
      i = end;
    } else if (/\d/.test(c)) {
      const digits = NUMBER.exec(text.slice(i))?.[0] ?? c;
      tokens.push({ type: 'number', value: Number(digits) });
      i += digits.length;
    } else if (IDENT_START.test(c)) {
      let end = i + 1;
      while (end < text.length && IDENT_PART.test(text[end])) end += 1;
      tokens.push({ type: 'ident', value: text.slice(i, end) });
      i = end;
    } else {
      const punct = punctuationAt(text, i);
      if (!punct) {
        throw new ExpressionSyntaxError(`unexpected character ${c} at ${i}`);
      }
      tokens.push({ type: 'punct', value: punct });
      i += punct.length;
    }
  }
  return tokens;
}

/** Binary operators by precedence level, loosest first. */
const BINARY_LEVELS: BinaryOperator[][] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '>', '<=', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

const KEYWORDS: Record<string, Literal> = {
  true: true,
  false: false,
  null: null,
};

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    const expr = this.expression();
    if (this.position < this.tokens.length) {
      throw new ExpressionSyntaxError('unexpected trailing tokens');
    }
    return expr;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }

  private isPunct(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.type === 'punct' && token.value === value;
  }

  private isKeyword(value: string): boolean {
    const token = this.peek();
    return token?.type === 'ident' && token.value === value;
  }

  private next(): Token {
    const token = this.tokens[this.position];
    if (!token) throw new ExpressionSyntaxError('unexpected end');
    this.position += 1;
    return token;
  }

  private expect(value: string): void {
    if (!this.isPunct(value)) {
      throw new ExpressionSyntaxError(`expected ${value}`);
    }
    this.position += 1;
  }

  private identifier(): string {
    const token = this.next();
    if (token.type !== 'ident') {
      throw new ExpressionSyntaxError('expected a name');
    }
    return token.value;
  }

  private expression(): Expr {
    const test = this.binary(0);
    if (!this.isPunct('?')) return test;
    this.position += 1;
    const then = this.expression();
    this.expect(':');
    const otherwise = this.expression();
    return { kind: 'conditional', test, then, otherwise };
  }

  private binary(level: number): Expr {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const token = this.peek();
      const op = BINARY_LEVELS[level].find(
        o => token?.type === 'punct' && token.value === o,
      );
      if (!op) return left;
      this.position += 1;
      const right = this.binary(level + 1);
      left = { kind: 'binary', op, left, right };
    }
  }

  private unary(): Expr {
    if (this.isPunct('!') || this.isPunct('-')) {
      const op = this.next().value as '!' | '-';
      return { kind: 'unary', op, operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private primary(): Expr {
    const token = this.next();
    if (token.type === 'string' || token.type === 'number') {
      return { kind: 'literal', value: token.value };
    }
    if (token.type === 'ident') {
      if (token.value in KEYWORDS) {
        return { kind: 'literal', value: KEYWORDS[token.value] };
      }
      if (this.isPunct('(')) return this.call(token.value);
      return { kind: 'ref', root: token.value, traversal: [] };
    }
    if (token.value === '(') {
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (token.value === '[') {
      return this.isKeyword('for') ? this.forExpression() : this.tuple();
    }
    throw new ExpressionSyntaxError(`unsupported ${token.value}`);
  }

  private call(name: string): Expr {
    this.expect('(');
    const args = this.list(')');
    return { kind: 'call', name, args };
  }

  private tuple(): Expr {
    return { kind: 'tuple', items: this.list(']') };
  }

  /** Comma-separated expressions up to `close`; a trailing comma is allowed. */
  private list(close: string): Expr[] {
    const items: Expr[] = [];
    while (!this.isPunct(close)) {
      items.push(this.expression());
      if (this.isPunct('...')) {
        throw new ExpressionSyntaxError('argument expansion is not supported');
      }
      if (!this.isPunct(',')) break;
      this.position += 1;
    }
    this.expect(close);
    return items;
  }

  private forExpression(): Expr {
    this.position += 1; // for
    const first = this.identifier();
    let keyName: string | null = null;
    let valueName = first;
    if (this.isPunct(',')) {
      this.position += 1;
      keyName = first;
      valueName = this.identifier();
    }
    if (!this.isKeyword('in')) throw new ExpressionSyntaxError('expected in');
    this.position += 1;
    const collection = this.expression();
    this.expect(':');
    const body = this.expression();
    let filtered = false;
    if (this.isKeyword('if')) {
      this.position += 1;
      this.expression();
      filtered = true;
    }
    this.expect(']');
    return { kind: 'for', keyName, valueName, collection, body, filtered };
  }

  private postfix(expr: Expr): Expr {
    let current = expr;
    for (;;) {
      if (this.isPunct('.')) {
        this.position += 1;
        const token = this.next();
        if (token.type === 'ident') {
          current = this.traverse(current, token.value);
        } else if (token.type === 'number' && Number.isInteger(token.value)) {
          current = this.traverse(current, token.value);
        } else {
          throw new ExpressionSyntaxError(
            'splat expressions are not supported',
          );
        }
      } else if (this.isPunct('[')) {
        this.position += 1;
        const index = this.expression();
        this.expect(']');
        if (
          index.kind !== 'literal' ||
          (typeof index.value !== 'string' && typeof index.value !== 'number')
        ) {
          throw new ExpressionSyntaxError('only literal indexes are supported');
        }
        current = this.traverse(current, index.value);
      } else {
        return current;
      }
    }
  }

  private traverse(expr: Expr, step: Traversal): Expr {
    if (expr.kind !== 'ref') {
      throw new ExpressionSyntaxError('only references can be traversed');
    }
    return { ...expr, traversal: [...expr.traversal, step] };
  }
}

/**
 * Parses an HCL expression (as written in a validation condition). Throws an
 * {@link ExpressionSyntaxError} for anything outside the supported subset.
 */
export function parseExpression(text: string): Expr {
  return new Parser(tokenize(text)).parse();
}
