import type {
  ModuleJsonValue,
  ModuleObjectAttribute,
  ModulePrimitiveTypeName,
  ModuleTypeSpec,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { findExpressionEnd, TemplateSyntaxError } from './template';

/** Reports a type constraint Terraform would reject. */
export class TypeExpressionError extends Error {
  name = 'TypeExpressionError';
}

/**
 * The default of an `optional(type, default)` attribute, still as source
 * text: `resolve` stores its value once it has been evaluated.
 */
export interface PendingDefault {
  source: string;
  resolve(value: ModuleJsonValue, isExpression: boolean): void;
}

export interface ParsedTypeExpression {
  spec: ModuleTypeSpec;
  /** Defaults of optional attributes, in the order written. */
  defaults: PendingDefault[];
}

const PRIMITIVES: readonly string[] = ['string', 'number', 'bool'];
const isPrimitive = (name: string): name is ModulePrimitiveTypeName =>
  PRIMITIVES.includes(name);
const COLLECTIONS: readonly string[] = ['list', 'set', 'map'];
const isCollection = (name: string): name is 'list' | 'set' | 'map' =>
  COLLECTIONS.includes(name);

function fail(message: string): never {
  throw new TypeExpressionError(message);
}

/** A recursive-descent reader over the source text of one type constraint. */
class TypeParser {
  readonly defaults: PendingDefault[] = [];
  private pos = 0;

  constructor(private readonly source: string) {}

  /** Skips white space and comments. */
  private skipSpace(): void {
    const { source } = this;
    for (;;) {
      while (this.pos < source.length && /\s/.test(source[this.pos])) {
        this.pos += 1;
      }
      const two = source.slice(this.pos, this.pos + 2);
      if (source[this.pos] === '#' || two === '//') {
        const end = source.indexOf('\n', this.pos);
        this.pos = end < 0 ? source.length : end + 1;
      } else if (two === '/*') {
        const end = source.indexOf('*/', this.pos + 2);
        if (end < 0) fail('unterminated comment');
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.source[this.pos];
  }

  private accept(ch: string): boolean {
    if (this.peek() !== ch) return false;
    this.pos += 1;
    return true;
  }

  private here(): string {
    if (this.pos >= this.source.length) return 'the end of the type';
    const word = this.source.slice(this.pos).split(/\s/)[0];
    return JSON.stringify(word.slice(0, 20));
  }

  private expect(ch: string): void {
    if (!this.accept(ch)) fail(`expected "${ch}" but found ${this.here()}`);
  }

  private identifier(): string {
    this.skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.source.slice(this.pos));
    if (!match) return fail(`expected a type but found ${this.here()}`);
    this.pos += match[0].length;
    return match[0];
  }

  private attributeName(): string {
    if (this.peek() !== '"') return this.identifier();
    const match = /^"((?:[^"\\\n]|\\.)*)"/.exec(this.source.slice(this.pos));
    if (!match) return fail('unterminated attribute name');
    this.pos += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  /** The source text of the default in `optional(type, default)`. */
  private defaultSource(): string {
    this.skipSpace();
    let end: number;
    try {
      end = findExpressionEnd(this.source, this.pos, ')');
    } catch (e) {
      if (e instanceof TemplateSyntaxError) return fail(e.message);
      throw e;
    }
    const text = this.source.slice(this.pos, end).trim();
    this.pos = end;
    return text;
  }

  private attribute(
    attributes: ModuleObjectAttribute[],
  ): ModuleObjectAttribute {
    const name = this.attributeName();
    if (attributes.some(a => a.name === name)) {
      fail(`attribute "${name}" is declared twice`);
    }
    if (!this.accept('=')) this.expect(':');
    const attribute: ModuleObjectAttribute = {
      name,
      type: { kind: 'any' },
      optional: false,
      default: null,
      hasDefault: false,
      defaultIsExpression: false,
    };
    this.skipSpace();
    if (!/^optional\s*\(/.test(this.source.slice(this.pos))) {
      attribute.type = this.type();
      return attribute;
    }
    this.identifier();
    this.expect('(');
    attribute.optional = true;
    attribute.type = this.type();
    if (this.accept(',') && this.peek() !== ')') {
      attribute.hasDefault = true;
      this.defaults.push({
        source: this.defaultSource(),
        resolve(value, isExpression) {
          attribute.default = value;
          attribute.defaultIsExpression = isExpression;
        },
      });
    }
    this.expect(')');
    return attribute;
  }

  private objectAttributes(): ModuleObjectAttribute[] {
    const attributes: ModuleObjectAttribute[] = [];
    this.expect('(');
    this.expect('{');
    while (!this.accept('}')) {
      attributes.push(this.attribute(attributes));
      // Attributes are separated by commas or line breaks.
      this.accept(',');
    }
    this.expect(')');
    return attributes;
  }

  private tupleElements(): ModuleTypeSpec[] {
    const elements: ModuleTypeSpec[] = [];
    this.expect('(');
    this.expect('[');
    while (!this.accept(']')) {
      elements.push(this.type());
      if (!this.accept(',')) {
        this.expect(']');
        break;
      }
    }
    this.expect(')');
    return elements;
  }

  type(): ModuleTypeSpec {
    const name = this.identifier();
    if (name === 'any') return { kind: 'any' };
    if (isPrimitive(name)) return { kind: name };
    if (isCollection(name)) {
      if (!this.accept('(')) return { kind: name, element: { kind: 'any' } };
      const element = this.type();
      this.expect(')');
      return { kind: name, element };
    }
    if (name === 'tuple')
      return { kind: 'tuple', elements: this.tupleElements() };
    if (name === 'object') {
      return { kind: 'object', attributes: this.objectAttributes() };
    }
    if (name === 'optional') {
      return fail('optional() is only allowed for object attributes');
    }
    return fail(`unknown type "${name}"`);
  }

  end(): void {
    this.skipSpace();
    if (this.pos < this.source.length) {
      fail(`unexpected ${this.here()} after the type`);
    }
  }
}

/**
 * Parses a Terraform type constraint (`map(object({ a = optional(string, "x") }))`)
 * as written, comments included. Bare `list`, `set` and `map` are read as
 * collections of `any`, as older Terraform versions did.
 */
export function parseTypeExpression(source: string): ParsedTypeExpression {
  const parser = new TypeParser(source);
  const spec = parser.type();
  parser.end();
  return { spec, defaults: parser.defaults };
}
