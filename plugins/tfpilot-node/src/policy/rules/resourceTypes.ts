import { PlanChange } from '@tfpilot/backstage-plugin-tfpilot-common';
import { z } from 'zod';
import { matchesAnyGlob } from '../lib/glob';
import { cut, formatList, oneLine, quote } from '../lib/text';
import { defineRuleKind, Finding, globSchema, ruleBaseShape } from './ruleKind';

export const resourceTypesSchema = z
  .strictObject({
    ...ruleBaseShape,
    type: z.literal('resource-types'),
    /** When set, only these types may be created or changed. */
    allow: z.array(globSchema).min(1).optional(),
    /** These types may never be created or changed; wins over `allow`. */
    deny: z.array(globSchema).min(1).optional(),
  })
  .refine(rule => rule.allow || rule.deny, {
    path: ['allow'],
    message: 'set allow, deny or both',
  });

/** What a change does to a resource that will exist afterwards, if anything. */
function lastingAction(
  change: Pick<PlanChange, 'actions'>,
): 'create' | 'update' | 'replace' | undefined {
  const { actions } = change;
  if (actions.includes('create')) {
    return actions.includes('delete') || actions.includes('forget')
      ? 'replace'
      : 'create';
  }
  return actions.includes('update') ? 'update' : undefined;
}

/**
 * `resource-types`: resources the plan creates, updates or replaces must
 * not be of a denied type and, when `allow` is set, must be of an allowed
 * one. Deletes, reads (data sources) and unchanged resources are not
 * checked: removing a denied resource must stay possible.
 */
export const resourceTypesRuleKind = defineRuleKind({
  type: 'resource-types',
  phase: 'post-plan',
  schema: resourceTypesSchema,
  compile(config) {
    const { allow, deny } = config;
    return ({ plan }) =>
      plan.changes.flatMap((change): Finding[] => {
        const action = lastingAction(change);
        if (!action) return [];
        const subject = `the plan would ${action} ${oneLine(
          change.address,
          200,
        )}`;
        const target = cut(change.address, 500);
        if (deny && matchesAnyGlob(deny, change.type)) {
          return [
            {
              target,
              message: `${subject}: resource type ${quote(
                change.type,
              )} is denied (denied: ${formatList(deny)})`,
              remediation: `Use a module that does not manage ${quote(
                change.type,
              )} resources, or ask the platform team.`,
            },
          ];
        }
        if (allow && !matchesAnyGlob(allow, change.type)) {
          return [
            {
              target,
              message: `${subject}: resource type ${quote(
                change.type,
              )} is not allowed (allowed: ${formatList(allow)})`,
              remediation: `Use a module that manages only allowed resource types, or ask the platform team to allow ${quote(
                change.type,
              )}.`,
            },
          ];
        }
        return [];
      });
  },
});
