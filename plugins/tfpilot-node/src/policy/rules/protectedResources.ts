import { PlanChange } from '@tfpilot/backstage-plugin-tfpilot-common';
import { z } from 'zod';
import { matchesAnyGlob } from '../lib/glob';
import { cut, oneLine, quote } from '../lib/text';
import { defineRuleKind, Finding, globSchema, ruleBaseShape } from './ruleKind';

const DESTRUCTIVE_ACTIONS = ['delete', 'replace'] as const;
type DestructiveAction = (typeof DESTRUCTIVE_ACTIONS)[number];

export const protectedResourcesSchema = z.strictObject({
  ...ruleBaseShape,
  type: z.literal('protected-resources'),
  /** Resource types that must survive, globs such as `aws_db_*` accepted. */
  types: z.array(globSchema).min(1),
  /** What is forbidden; both by default. */
  actions: z
    .array(z.enum(DESTRUCTIVE_ACTIONS))
    .min(1)
    .default(['delete', 'replace']),
});

/**
 * What a change does to an existing object: a replace destroys it too.
 * `forget` (Terraform 1.7 `removed` blocks) leaves the object running, so
 * it is neither.
 */
export function destructiveAction(
  change: Pick<PlanChange, 'actions'>,
): DestructiveAction | undefined {
  if (!change.actions.includes('delete')) return undefined;
  return change.actions.includes('create') ? 'replace' : 'delete';
}

function remediationFor(action: DestructiveAction): string {
  return action === 'replace'
    ? 'Change the request so the resource is updated in place (the reasons name the attributes forcing replacement), or have an administrator make this change outside TfPilot.'
    : 'Keep the resource in the configuration (or move it with a moved block), or have an administrator remove it outside TfPilot.';
}

/**
 * `protected-resources`: no delete or replace of listed resource types.
 * Applies to production environments unless `environments` is given.
 */
export const protectedResourcesRuleKind = defineRuleKind({
  type: 'protected-resources',
  phase: 'post-plan',
  schema: protectedResourcesSchema,
  productionOnlyByDefault: true,
  compile(config) {
    return ({ plan, environment }) =>
      plan.changes.flatMap((change): Finding[] => {
        const action = destructiveAction(change);
        if (!action || !config.actions.includes(action)) return [];
        if (!matchesAnyGlob(config.types, change.type)) return [];
        const reasons = change.reasons.length
          ? ` (${oneLine(change.reasons.join('; '), 300)})`
          : '';
        return [
          {
            target: cut(change.address, 500),
            message: `the plan would ${action} ${oneLine(
              change.address,
              200,
            )}, of the protected resource type ${quote(
              change.type,
            )} in environment ${quote(environment.name)}${reasons}`,
            remediation: remediationFor(action),
          },
        ];
      });
  },
});
