/**
 * Regular expressions from app-config, run on values from requests. A badly
 * written pattern such as `^(a+)+$` backtracks exponentially (ReDoS): one
 * crafted request input would then hold the backend's event loop for
 * minutes. Three guards, each cheap:
 *
 * 1. patterns are at most {@link MAX_PATTERN_LENGTH} characters and values
 *    longer than {@link MAX_MATCHED_LENGTH} are rejected without matching;
 * 2. at load, every pattern is probed with adversarial strings (each
 *    character of the pattern and of a common set, repeated up to the
 *    longest matched length, then a character that breaks the match); a
 *    pattern that needs more than the load budget is refused;
 * 3. every match runs in a `node:vm` context with a timeout, which
 *    interrupts the regular expression engine. A match that times out
 *    counts as a violation (fail closed).
 */
import { Script, createContext } from 'node:vm';

/** Longest pattern accepted in configuration. */
export const MAX_PATTERN_LENGTH = 256;
/** Longest value a pattern is run on; longer values fail the rule. */
export const MAX_MATCHED_LENGTH = 1024;
/**
 * Time one match may take at evaluation, in milliseconds. A typical match
 * takes well under 1 ms, and patterns are vetted at load; this is the
 * backstop, generous so a busy host never fails a valid value.
 */
export const MATCH_TIMEOUT_MS = 1000;
/**
 * Time all load-time probes of one pattern may take, in milliseconds. A
 * linear pattern needs about 1–15 ms; the margin keeps a busy host from
 * refusing a good pattern at start-up.
 */
export const PROBE_BUDGET_MS = 1000;

/** Outcome of one bounded match. */
export type MatchOutcome = 'match' | 'no-match' | 'timeout';

/** A configured pattern, anchored, with the source it was written as. */
export interface SafePattern {
  source: string;
  regex: RegExp;
}

const sandbox = createContext(Object.create(null));
const matchScript = new Script('pattern.test(value)');
// One sandboxed run for all probes: no per-call overhead eats the budget.
const probeScript = new Script(
  'for (let i = 0; i < values.length; i++) pattern.test(values[i]); true',
);

/** Runs a script in the sandbox; false when it was stopped by the timeout. */
function runBounded(
  script: Script,
  globals: Record<string, unknown>,
  timeoutMs: number,
): { done: true; result: unknown } | { done: false } {
  Object.assign(sandbox, globals);
  try {
    return {
      done: true,
      result: script.runInContext(sandbox, { timeout: timeoutMs }),
    };
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      return { done: false };
    }
    throw error;
  } finally {
    // Do not keep large values alive between calls.
    for (const key of Object.keys(globals)) sandbox[key] = undefined;
  }
}

/** Runs `regex.test(value)`, stopped after `timeoutMs`. */
export function boundedTest(
  regex: RegExp,
  value: string,
  timeoutMs: number = MATCH_TIMEOUT_MS,
): MatchOutcome {
  const run = runBounded(
    matchScript,
    { pattern: regex, value },
    Math.max(1, timeoutMs),
  );
  if (!run.done) return 'timeout';
  return run.result === true ? 'match' : 'no-match';
}

/** Tests a value of a request: too long and timed-out values do not match. */
export function testValue(
  pattern: SafePattern,
  value: string,
): MatchOutcome | 'too-long' {
  if (value.length > MAX_MATCHED_LENGTH) return 'too-long';
  return boundedTest(pattern.regex, value);
}

const COMMON_PROBE_CHARS = 'aA0-_. /:@';
const BREAKERS = ['!', '\u0000', '\u0430'];
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|]/g;

/** Strings that make backtracking patterns slow, for the load-time probe. */
export function probeStrings(source: string): string[] {
  const literal = source.replace(REGEX_SYNTAX, '');
  const chars = Array.from(new Set(Array.from(COMMON_PROBE_CHARS + literal)));
  const runs = chars.flatMap(char => [
    char.repeat(MAX_MATCHED_LENGTH - 1),
    // Two characters alternating defeat patterns like ([a-z]+-?)+.
    `${char}a`.repeat((MAX_MATCHED_LENGTH - 1) / 2),
  ]);
  return runs.flatMap(run => BREAKERS.map(breaker => run + breaker));
}

/** Why a pattern was refused; thrown by {@link compileSafePattern}. */
export class UnsafePatternError extends Error {}

/**
 * Compiles a configured pattern, anchored so it must match the whole value
 * (`^(?:pattern)$`), with the `u` flag. Throws UnsafePatternError with the
 * reason: too long, invalid, or too slow on the probes.
 */
export function compileSafePattern(
  source: string,
  probeBudgetMs: number = PROBE_BUDGET_MS,
): SafePattern {
  if (source.length > MAX_PATTERN_LENGTH) {
    throw new UnsafePatternError(
      `longer than ${MAX_PATTERN_LENGTH} characters`,
    );
  }
  let regex: RegExp;
  try {
    // Compiled alone first, so the error quotes the pattern as written.
    RegExp(source, 'u');
    regex = new RegExp(`^(?:${source})$`, 'u');
  } catch (error) {
    const reason = (error as Error).message.replace(
      /^Invalid regular expression: \/.*\/[a-z]*: /s,
      '',
    );
    throw new UnsafePatternError(`not a valid regular expression: ${reason}`);
  }
  const probe = runBounded(
    probeScript,
    { pattern: regex, values: probeStrings(source) },
    probeBudgetMs,
  );
  if (!probe.done) {
    throw new UnsafePatternError(
      `too slow: it backtracks on long inputs (possible ReDoS) and needed over ${probeBudgetMs} ms for the ${MAX_MATCHED_LENGTH}-character probes; avoid nested quantifiers such as (a+)+ and overlapping alternatives such as (a|a)*`,
    );
  }
  return { source, regex };
}
