import { LoggerService } from '@backstage/backend-plugin-api';
import {
  PolicyResult,
  policyResultSchema,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { describeType, oneLine } from './lib/text';

/** Most results one rule reports; the rest are counted in a final result. */
export const MAX_RESULTS_PER_RULE = 100;

/** Most results a rule may return at all. */
export const MAX_RESULTS_RETURNED = 1_000_000;

/** Options of {@link runRule}. */
export interface RunRuleOptions {
  /** How long an asynchronous rule may take. */
  timeoutMs: number;
  logger?: LoggerService;
}

/** Thrown inside the runner to turn a misbehaving rule into one result. */
class RuleFailure extends Error {}

/** The one blocking result that stands for a rule that could not run. */
export function ruleFailureResult(
  ruleId: string,
  reason: string,
): PolicyResult {
  return {
    ruleId,
    severity: 'error',
    message: `policy rule "${ruleId}" could not be evaluated, so the request is blocked: ${oneLine(
      reason,
    )}`,
    remediation:
      'This is a problem of the rule, not necessarily of the request: ask the platform team to check the TfPilot backend logs for this rule.',
  };
}

/** Waits for a rule's promise, but not longer than `timeoutMs`. */
async function withTimeout<T>(promise: Promise<T>, timeoutMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RuleFailure(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Checks one returned result; the reason it is invalid, if it is. */
function invalidReason(result: unknown, ruleId: string): string | undefined {
  const parsed = policyResultSchema.safeParse(result);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${issue.path.join('.') || 'result'}: ${issue.message}`;
  }
  return parsed.data.ruleId === ruleId
    ? undefined
    : `ruleId is "${oneLine(parsed.data.ruleId, 64)}", not the rule's id`;
}

/**
 * The first results as they are, then one result counting the rest. The
 * count blocks unless every result it stands for is a warning.
 */
function capped(ruleId: string, kept: PolicyResult[], dropped: unknown[]) {
  if (dropped.length === 0) return kept;
  const onlyWarnings = dropped.every(
    result => (result as { severity?: unknown } | null)?.severity === 'warning',
  );
  const summary: PolicyResult = {
    ruleId,
    severity: onlyWarnings ? 'warning' : 'error',
    message: `…and ${dropped.length} more results of this rule, not listed`,
  };
  return [...kept, summary];
}

/**
 * The rule's results, checked: the listed ones must be valid results of
 * this rule, or the whole rule fails. Results past the cap are only counted.
 */
function validated(ruleId: string, returned: unknown): PolicyResult[] {
  if (!Array.isArray(returned)) {
    throw new RuleFailure(
      `it returned ${describeType(returned)} instead of a list of results`,
    );
  }
  if (returned.length > MAX_RESULTS_RETURNED) {
    throw new RuleFailure(
      `it returned ${returned.length} results, more than ${MAX_RESULTS_RETURNED}`,
    );
  }
  const kept = returned.slice(0, MAX_RESULTS_PER_RULE);
  kept.forEach((result: unknown, index) => {
    const reason = invalidReason(result, ruleId);
    if (reason) {
      throw new RuleFailure(`result ${index} is invalid: ${reason}`);
    }
  });
  return capped(
    ruleId,
    kept as PolicyResult[],
    returned.slice(MAX_RESULTS_PER_RULE),
  );
}

/**
 * Runs one rule and returns its results, or a single blocking error result
 * when it throws, times out or returns anything but valid results carrying
 * its own id. Never throws.
 */
export async function runRule<C>(
  rule: { id: string; evaluate(context: C): unknown },
  context: C,
  options: RunRuleOptions,
): Promise<PolicyResult[]> {
  try {
    // An async wrapper turns a synchronous throw into a rejection.
    const returned = await withTimeout(
      (async () => rule.evaluate(context))(),
      options.timeoutMs,
    );
    return validated(rule.id, returned);
  } catch (error) {
    const reason =
      error instanceof RuleFailure
        ? error.message
        : `it threw ${
            error instanceof Error
              ? `${error.name}: ${error.message}`
              : describeType(error)
          }`;
    options.logger?.warn(
      `Policy rule "${rule.id}" could not be evaluated: ${oneLine(reason)}`,
      error instanceof Error ? error : undefined,
    );
    return [ruleFailureResult(rule.id, reason)];
  }
}

/** Whether any result blocks the request (`error` severity). */
export function hasBlockingResults(results: readonly PolicyResult[]): boolean {
  return results.some(result => result.severity === 'error');
}
