import { z } from 'zod';

/** `error` blocks the request; `warning` informs. */
export const POLICY_SEVERITIES = ['error', 'warning'] as const;
export type PolicySeverity = (typeof POLICY_SEVERITIES)[number];

/** One finding of the policy engine. */
export const policyResultSchema = z.strictObject({
  ruleId: z.string().min(1).max(128),
  severity: z.enum(POLICY_SEVERITIES),
  message: z.string().min(1).max(2000),
  /** The input or resource at fault, e.g. `inputs.name` or `aws_s3_bucket.logs`. */
  target: z.string().max(512).optional(),
  /** How to fix it. */
  remediation: z.string().max(2000).optional(),
});
export type PolicyResult = z.infer<typeof policyResultSchema>;

/** A results file: a list, or `{ "results": [...] }`. */
export const policyResultsFileSchema = z.preprocess(
  value =>
    typeof value === 'object' && value !== null && 'results' in value
      ? (value as { results: unknown }).results
      : value,
  z.array(policyResultSchema),
);
