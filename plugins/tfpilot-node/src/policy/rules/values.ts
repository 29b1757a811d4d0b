import {
  compileSafePattern,
  MAX_MATCHED_LENGTH,
  MATCH_TIMEOUT_MS,
  SafePattern,
  testValue,
  UnsafePatternError,
} from '../lib/safePattern';
import { lookAlikeNote, hasNonAscii, quote } from '../lib/text';
import { ConfigPath, Finding, RuleConfigError } from './ruleKind';

/**
 * An own property of a map from a request, or undefined. Never reads
 * through the prototype, so `constructor` or `__proto__` is never found
 * unless the map really has it.
 */
export function ownValue(container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null) return undefined;
  if (Array.isArray(container)) return undefined;
  return Object.hasOwn(container, key)
    ? (container as Record<string, unknown>)[key]
    : undefined;
}

/** Terraform treats null as "not set": so do rules. */
export function isUnset(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** A plain map (not null, not an array). */
export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Compiles a configured pattern, or throws a config error at `path`. */
export function compilePatternAt(
  source: string,
  path: ConfigPath,
): SafePattern {
  try {
    return compileSafePattern(source);
  } catch (error) {
    if (!(error instanceof UnsafePatternError)) throw error;
    throw new RuleConfigError([{ path, message: error.message }]);
  }
}

/**
 * Checks a string of a request against a configured pattern. `label` names
 * the value in messages (`inputs.name`, `tag "team"`).
 */
export function checkPattern(
  pattern: SafePattern,
  value: string,
  label: string,
  target: string,
): Finding | undefined {
  const outcome = testValue(pattern, value);
  if (outcome === 'match') return undefined;
  if (outcome === 'too-long') {
    return {
      unchecked: true,
      target,
      message: `${label} is ${value.length} characters long; values over ${MAX_MATCHED_LENGTH} characters are not checked against patterns and fail`,
      remediation: `Use a value of at most ${MAX_MATCHED_LENGTH} characters that matches ${quote(
        pattern.source,
      )}.`,
    };
  }
  if (outcome === 'timeout') {
    return {
      unchecked: true,
      target,
      message: `${label} could not be checked against the pattern ${quote(
        pattern.source,
      )} within ${MATCH_TIMEOUT_MS} ms, so it fails`,
      remediation:
        'Use a shorter, simpler value, or ask the platform team to simplify the pattern.',
    };
  }
  return {
    target,
    message: `${label} ${quote(value)} does not match the pattern ${quote(
      pattern.source,
    )}${lookAlikeNote(value)}`,
    remediation: hasNonAscii(value)
      ? `Type the value again with ASCII characters only, matching ${quote(
          pattern.source,
        )}.`
      : `Use a value matching ${quote(pattern.source)}.`,
  };
}
