const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * How deeply the brackets, blocks, strings, heredocs and interpolations of an
 * HCL file nest, found with a lexical scan (no parse). The HCL parser recurses
 * once per level, and a few hundred levels exhaust its stack, so files nested
 * deeper than any real configuration are refused before it sees them.
 *
 * Returns the deepest level reached. On input that is not valid HCL (an
 * unclosed string, a stray closing bracket) it returns the depth reached so
 * far and leaves the diagnosis to the parser.
 */
export function maxNestingDepth(text: string): number {
  // What is open, innermost last: a closing bracket to expect, a quoted
  // string ('"'), a heredoc ('<<' + its marker) or an interpolation ('${').
  const stack: string[] = [];
  let max = 0;
  let i = 0;
  let lineStart = true;

  const open = (what: string) => {
    stack.push(what);
    if (stack.length > max) max = stack.length;
  };
  const top = () => stack[stack.length - 1] ?? '';

  /** In a string or heredoc: steps over an escape or opens an interpolation. */
  const templateSequence = (): boolean => {
    const three = text.slice(i, i + 3);
    if (three === '$${' || three === '%%{') {
      i += 3;
      return true;
    }
    const two = three.slice(0, 2);
    if (two === '${' || two === '%{') {
      open('${');
      i += 2;
      return true;
    }
    return false;
  };

  while (i < text.length) {
    const ch = text[i];
    const context = top();
    const atLineStart = lineStart;
    lineStart = ch === '\n';

    if (context === '"') {
      if (ch === '\\') i += 2;
      else if (ch === '"') {
        stack.pop();
        i += 1;
      } else if (ch === '\n') return max;
      else if (!templateSequence()) i += 1;
      continue;
    }

    if (context.startsWith('<<')) {
      if (atLineStart) {
        const end = text.indexOf('\n', i);
        const line = text.slice(i, end < 0 ? text.length : end);
        if (line.trim() === context.slice(2)) {
          stack.pop();
          i += line.length;
          continue;
        }
      }
      if (!templateSequence()) i += 1;
      continue;
    }

    // Code: the file itself, inside brackets, or inside an interpolation.
    const two = text.slice(i, i + 2);
    if (ch === '#' || two === '//') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (two === '/*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return max;
      i = end + 2;
    } else if (ch === '"') {
      open('"');
      i += 1;
    } else if (two === '<<') {
      const heredoc = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(
        text.slice(i, i + 200),
      );
      if (!heredoc) return max;
      open(`<<${heredoc[1]}`);
      i += heredoc[0].length;
      lineStart = true;
    } else if (ch === '(' || ch === '[' || ch === '{') {
      open(CLOSERS[ch]);
      i += 1;
    } else if (ch === ')' || ch === ']' || ch === '}') {
      if (context === ch || (ch === '}' && context === '${')) stack.pop();
      else return max;
      i += 1;
    } else {
      i += 1;
    }
  }
  return max;
}
