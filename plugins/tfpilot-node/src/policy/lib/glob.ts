/**
 * Globs for resource types, module names and regions: `*` stands for any
 * run of characters (none included), `?` for exactly one. Nothing else is
 * special, so a glob never needs escaping and never compiles to a regular
 * expression that could backtrack.
 */

/** Characters a configured glob may hold. */
export const GLOB_PATTERN = /^[A-Za-z0-9_.:/*?-]{1,128}$/;

/**
 * Whether `value` matches `glob` as a whole. Greedy matching that only ever
 * backtracks to the last `*`: O(value × glob) at worst, never exponential.
 */
export function matchesGlob(glob: string, value: string): boolean {
  let g = 0;
  let v = 0;
  let starAt = -1; // position of the last `*` in the glob
  let resumeAt = 0; // where in the value that `*` would take over again
  while (v < value.length) {
    if (g < glob.length && (glob[g] === '?' || glob[g] === value[v])) {
      g++;
      v++;
    } else if (g < glob.length && glob[g] === '*') {
      starAt = g++;
      resumeAt = v;
    } else if (starAt >= 0) {
      // Let the last `*` swallow one more character and try again.
      g = starAt + 1;
      v = ++resumeAt;
    } else {
      return false;
    }
  }
  while (glob[g] === '*') g++;
  return g === glob.length;
}

/** Whether `value` matches any of `globs`. */
export function matchesAnyGlob(
  globs: readonly string[],
  value: string,
): boolean {
  return globs.some(glob => matchesGlob(glob, value));
}
