/**
 * Bounded, unambiguous display of values that come from requests: policy
 * messages end up in PR comments, logs and the UI, so a hostile value must
 * neither flood them nor hide what it really is.
 */

/** Most characters of a value a message shows. */
export const MAX_SHOWN_CHARS = 100;

const NON_ASCII = /[^\p{ASCII}]/u;
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** `\uXXXX` for one UTF-16 unit. */
function escapeUnit(unit: string): string {
  return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * A value as a double-quoted string of printable ASCII: control characters
 * and everything outside ASCII are escaped, so a Cyrillic `а` shows as
 * `\u0430` and cannot pass for a Latin `a`. Longer values are cut after
 * `max` characters and say how long they were.
 */
export function quote(value: string, max: number = MAX_SHOWN_CHARS): string {
  // Slice before anything else: a value may be megabytes long.
  const shown = Array.from(value.slice(0, max * 2))
    .slice(0, max)
    .join('');
  const escaped = JSON.stringify(shown).replace(/[^\x20-\x7e]/g, escapeUnit);
  return shown.length < value.length
    ? `${escaped}… (${value.length} characters)`
    : escaped;
}

/** "a number", "an array", "null": what a value is, without showing it. */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Whether a string holds anything outside ASCII. */
export function hasNonAscii(value: string): boolean {
  return NON_ASCII.test(value);
}

/**
 * Explains a non-ASCII value, which an ASCII pattern or list rejects even
 * when it looks right: `contains non-ASCII characters (first: U+0430 at
 * position 2), which may be look-alikes of ASCII letters`.
 */
export function describeNonAscii(value: string): string {
  const index = value.search(NON_ASCII);
  const codePoint = value.codePointAt(index) ?? 0;
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  return `contains non-ASCII characters (first: U+${hex} at position ${
    index + 1
  }), which may be look-alikes of ASCII letters`;
}

/**
 * A message fragment saying why a rejected value may look right, or an
 * empty string: appended to "does not match" / "is not allowed" messages.
 */
export function lookAlikeNote(value: string): string {
  return hasNonAscii(value) ? `; it ${describeNonAscii(value)}` : '';
}

/**
 * `inputs.tags.team`, `inputs.regions[1]`, `inputs.tags["a.b"]`: a path to
 * a value; keys that are not plain names are quoted (and cut) so a hostile
 * key can neither blur the path nor make it long.
 */
export function formatTarget(
  root: string,
  ...segments: readonly (string | number)[]
): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number') return `${path}[${segment}]`;
    return PLAIN_KEY.test(segment) && segment.length <= 64
      ? `${path}.${segment}`
      : `${path}[${quote(segment, 60)}]`;
  }, root);
}

/** "a, b, c, … (25 in all)": a list of configured values, bounded. */
export function formatList(items: readonly string[], max = 10): string {
  const shown = oneLine(items.slice(0, max).join(', '), 400);
  return items.length > max ? `${shown}, … (${items.length} in all)` : shown;
}

/** A target (a resource address) cut to `max` characters, otherwise as is. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // Never leave half of a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(text[end - 1])) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** A message or error text cut to `max` characters, on one line. */
export function oneLine(text: string, max = 300): string {
  const flat = text
    .slice(0, max * 2)
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
