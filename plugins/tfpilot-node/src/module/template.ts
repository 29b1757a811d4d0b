import type { ModuleJsonValue } from '@tfpilot/backstage-plugin-tfpilot-common';

/*
 * hcl2json answers in Terraform's JSON syntax: a value that is not a constant
 * becomes the string "${<expression as written>}", and every string is a
 * template, in which "${" and "%{" start an interpolation or a directive while
 * "$${" and "%%{" stand for the literal "${" and "%{". This file reads those
 * strings back.
 */

/** A piece of a template: literal text, or an interpolation / directive. */
export type TemplatePart =
  | { kind: 'literal'; text: string }
  | { kind: 'interpolation' | 'directive'; source: string };

/** Reports a template this scanner cannot follow. */
export class TemplateSyntaxError extends Error {
  name = 'TemplateSyntaxError';
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

function isIdentStart(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z_]/.test(ch);
}

/**
 * Scans an HCL expression from `start` up to the first character of `stops`
 * that is not nested inside brackets, and returns its index. Knows about
 * quoted templates (with their own interpolations), heredocs and comments, so
 * the `}` in `"}"` does not end an interpolation.
 */
export function findExpressionEnd(
  src: string,
  start: number,
  stops: string,
): number {
  const stack: string[] = [];
  let i = start;
  while (i < src.length) {
    const ch = src[i];
    const next = src[i + 1];
    if (stack.length === 0 && stops.includes(ch)) return i;
    if (ch === '"') {
      i = scanQuoted(src, i + 1);
    } else if (ch === '#' || (ch === '/' && next === '/')) {
      const end = src.indexOf('\n', i);
      i = end < 0 ? src.length : end + 1;
    } else if (ch === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new TemplateSyntaxError('unterminated comment');
      i = end + 2;
    } else if (ch === '<' && next === '<') {
      i = scanHeredoc(src, i + 2);
    } else if (ch === '(' || ch === '[' || ch === '{') {
      stack.push(CLOSERS[ch]);
      i += 1;
    } else if (ch === ')' || ch === ']' || ch === '}') {
      if (stack.pop() !== ch)
        throw new TemplateSyntaxError(`unbalanced "${ch}"`);
      i += 1;
    } else {
      i += 1;
    }
  }
  throw new TemplateSyntaxError('unterminated expression');
}

/** From `start`, the index of the `}` that closes the interpolation. */
function scanExpression(src: string, start: number): number {
  return findExpressionEnd(src, start, '}');
}

/** Skips a template sequence at `i` ("${", "%{" or their escapes); returns the new index, or -1. */
function skipTemplateSequence(src: string, i: number): number {
  const two = src.slice(i, i + 2);
  const three = src.slice(i, i + 3);
  if (three === '$${' || three === '%%{') return i + 3;
  if (two === '${' || two === '%{') return scanExpression(src, i + 2) + 1;
  return -1;
}

/** From just after an opening quote, returns the index after the closing one. */
function scanQuoted(src: string, start: number): number {
  let i = start;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\') {
      i += 2;
    } else if (ch === '"') {
      return i + 1;
    } else if (ch === '\n') {
      throw new TemplateSyntaxError('unterminated string');
    } else {
      const after = skipTemplateSequence(src, i);
      i = after < 0 ? i + 1 : after;
    }
  }
  throw new TemplateSyntaxError('unterminated string');
}

/** From just after `<<`, returns the index after the heredoc's closing marker. */
function scanHeredoc(src: string, start: number): number {
  let i = start;
  if (src[i] === '-') i += 1;
  if (!isIdentStart(src[i])) throw new TemplateSyntaxError('bad heredoc');
  const nameStart = i;
  while (i < src.length && /[A-Za-z0-9_-]/.test(src[i])) i += 1;
  const marker = src.slice(nameStart, i);
  const lineEnd = src.indexOf('\n', i);
  if (lineEnd < 0) throw new TemplateSyntaxError('bad heredoc');
  i = lineEnd + 1;
  let lineStart = true;
  while (i < src.length) {
    if (lineStart) {
      const end = src.indexOf('\n', i);
      const line = src.slice(i, end < 0 ? src.length : end);
      if (line.trim() === marker) return end < 0 ? src.length : end;
      lineStart = false;
    }
    if (src[i] === '\n') {
      lineStart = true;
      i += 1;
    } else {
      const after = skipTemplateSequence(src, i);
      i = after < 0 ? i + 1 : after;
    }
  }
  throw new TemplateSyntaxError(`heredoc ${marker} is not closed`);
}

/** Splits a Terraform JSON-syntax template into its parts. */
export function splitTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const three = template.slice(i, i + 3);
    const two = template.slice(i, i + 2);
    if (three === '$${' || three === '%%{') {
      text += three.slice(1);
      i += 3;
    } else if (two === '${' || two === '%{') {
      const end = scanExpression(template, i + 2);
      if (text) parts.push({ kind: 'literal', text });
      text = '';
      parts.push({
        kind: two === '${' ? 'interpolation' : 'directive',
        source: template.slice(i + 2, end),
      });
      i = end + 1;
    } else {
      text += template[i];
      i += 1;
    }
  }
  if (text) parts.push({ kind: 'literal', text });
  return parts;
}

/**
 * The text of a template without interpolations, with its escapes resolved;
 * undefined when the template interpolates something.
 */
export function literalText(template: string): string | undefined {
  const parts = splitTemplate(template);
  let text = '';
  for (const part of parts) {
    if (part.kind !== 'literal') return undefined;
    text += part.text;
  }
  return text;
}

/**
 * When the template is exactly one interpolation, `"${expr}"`, the expression
 * as written (trimmed); otherwise undefined.
 */
export function wholeExpression(template: string): string | undefined {
  if (!template.startsWith('${')) return undefined;
  const parts = splitTemplate(template);
  if (parts.length !== 1 || parts[0].kind !== 'interpolation') return undefined;
  return parts[0].source.trim();
}

/** A string attribute: its literal text, or the template itself when it interpolates. */
export function templateText(template: string): string {
  return literalText(template) ?? template;
}

/**
 * Reads a value hcl2json produced for a constant. Returns the value with its
 * strings unescaped when every part of it is literal; otherwise the value as
 * given (Terraform JSON syntax) and `isExpression`.
 */
export function decodeValue(value: unknown): {
  value: ModuleJsonValue;
  isExpression: boolean;
} {
  const literal = (v: unknown): ModuleJsonValue | undefined => {
    if (v === null || typeof v === 'boolean' || typeof v === 'number') return v;
    if (typeof v === 'string') return literalText(v);
    if (Array.isArray(v)) {
      const items: ModuleJsonValue[] = [];
      for (const item of v) {
        const decoded = literal(item);
        if (decoded === undefined) return undefined;
        items.push(decoded);
      }
      return items;
    }
    if (typeof v === 'object') {
      const out: { [key: string]: ModuleJsonValue } = {};
      for (const [key, item] of Object.entries(v)) {
        const name = literalText(key);
        const decoded = literal(item);
        if (name === undefined || decoded === undefined) return undefined;
        out[name] = decoded;
      }
      return out;
    }
    return undefined;
  };
  const asJson = (v: unknown): ModuleJsonValue => {
    if (
      v === null ||
      typeof v === 'boolean' ||
      typeof v === 'number' ||
      typeof v === 'string'
    )
      return v;
    if (Array.isArray(v)) return v.map(asJson);
    if (typeof v === 'object') {
      const out: { [key: string]: ModuleJsonValue } = {};
      for (const [key, item] of Object.entries(v)) out[key] = asJson(item);
      return out;
    }
    return null;
  };
  let decoded: ModuleJsonValue | undefined;
  try {
    decoded = literal(value);
  } catch (e) {
    if (!(e instanceof TemplateSyntaxError)) throw e;
    decoded = undefined;
  }
  return decoded === undefined
    ? { value: asJson(value), isExpression: true }
    : { value: decoded, isExpression: false };
}
