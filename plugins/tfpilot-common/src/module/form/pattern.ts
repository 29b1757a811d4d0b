/** Escapes that mean something in RE2 (Terraform's regex engine) but not in ECMAScript. */
const RE2_ONLY_ESCAPES = new Set(['A', 'z', 'Q', 'E', 'C', 'p', 'P']);

/** Whether the regex uses RE2 syntax that ECMAScript reads differently or not at all. */
function usesRe2OnlySyntax(regex: string): boolean {
  for (let i = 0; i < regex.length; i += 1) {
    const c = regex[i];
    if (c === '\\') {
      const next = regex[i + 1];
      if (RE2_ONLY_ESCAPES.has(next) || regex.startsWith('x{', i + 1)) {
        return true;
      }
      i += 1;
    } else if (c === '(' && regex[i + 1] === '?' && regex[i + 2] !== ':') {
      // Flags such as (?i) and named groups (?P<name>...).
      return true;
    } else if (c === '[' && regex.startsWith('[:', i + 1)) {
      // POSIX classes such as [[:alpha:]].
      return true;
    }
  }
  return false;
}

/**
 * The RE2 regular expression (as given to Terraform's `regex()`) as a JSON
 * Schema `pattern`, when it means the same there: ECMAScript syntax with the
 * `u` flag, as Ajv and Backstage's form validator compile patterns. Both
 * search rather than match the whole string, as `regex()` does. Returns
 * undefined when the regex uses syntax only RE2 has or does not compile.
 */
export function jsonSchemaPattern(regex: string): string | undefined {
  if (usesRe2OnlySyntax(regex)) return undefined;
  try {
    // eslint-disable-next-line no-new
    new RegExp(regex, 'u');
  } catch {
    return undefined;
  }
  return regex;
}
