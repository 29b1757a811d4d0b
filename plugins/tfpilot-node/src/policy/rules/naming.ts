import { z } from 'zod';
import { describeType, formatTarget, quote } from '../lib/text';
import {
  defineRuleKind,
  Finding,
  inputNameSchema,
  ruleBaseShape,
} from './ruleKind';
import { checkPattern, compilePatternAt, isUnset, ownValue } from './values';

export const namingSchema = z.strictObject({
  ...ruleBaseShape,
  type: z.literal('naming'),
  /** Inputs holding resource names, checked when present. */
  inputs: z.array(inputNameSchema).min(1),
  /** A whole-value JavaScript regular expression. */
  pattern: z.string().min(1),
  /** Fail when an input is not set, instead of skipping it. */
  required: z.boolean().default(false),
});

/**
 * `naming`: resource-name inputs must match a pattern. An absent (or null)
 * input is skipped unless `required`; anything but a string fails, since a
 * name that cannot be checked must not pass.
 */
export const namingRuleKind = defineRuleKind({
  type: 'naming',
  phase: 'pre-plan',
  schema: namingSchema,
  compile(config) {
    const pattern = compilePatternAt(config.pattern, ['pattern']);
    return ({ request }) =>
      config.inputs.flatMap((name): Finding[] => {
        const value = ownValue(request.inputs, name);
        const target = formatTarget('inputs', name);
        if (isUnset(value)) {
          return config.required
            ? [
                {
                  target,
                  message: `${target} is not set; this naming rule requires it`,
                  remediation: `Set ${target} to a name matching ${quote(
                    config.pattern,
                  )}.`,
                },
              ]
            : [];
        }
        if (typeof value !== 'string') {
          return [
            {
              target,
              message: `${target} must be a string to be checked against the naming pattern, but is ${describeType(
                value,
              )}`,
              remediation: `Set ${target} to a name (a string) matching ${quote(
                config.pattern,
              )}.`,
            },
          ];
        }
        const finding = checkPattern(pattern, value, target, target);
        return finding ? [finding] : [];
      });
  },
});
