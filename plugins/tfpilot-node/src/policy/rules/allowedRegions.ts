import { z } from 'zod';
import { matchesAnyGlob } from '../lib/glob';
import { MAX_MATCHED_LENGTH } from '../lib/safePattern';
import {
  describeType,
  formatList,
  formatTarget,
  lookAlikeNote,
  quote,
} from '../lib/text';
import {
  defineRuleKind,
  Finding,
  globSchema,
  inputNameSchema,
  ruleBaseShape,
} from './ruleKind';
import { isUnset, ownValue } from './values';

export const allowedRegionsSchema = z.strictObject({
  ...ruleBaseShape,
  type: z.literal('allowed-regions'),
  /** Inputs holding a region, or a list of regions. */
  inputs: z.array(inputNameSchema).min(1).default(['region']),
  /** Allowed regions; globs such as `eu-*` are accepted. */
  allowed: z.array(globSchema).min(1),
  /** Fail when an input is not set (the module's default would apply). */
  required: z.boolean().default(false),
});

/**
 * `allowed-regions`: region inputs must be in a list. A list-valued input
 * (replica regions) has each element checked. An absent input is skipped
 * unless `required`: the module's default region then applies, which the
 * platform team chose.
 */
export const allowedRegionsRuleKind = defineRuleKind({
  type: 'allowed-regions',
  phase: 'pre-plan',
  schema: allowedRegionsSchema,
  compile(config) {
    const allowedText = formatList(config.allowed);
    const remediation = `Use one of the allowed regions: ${allowedText}.`;

    const checkRegion = (
      value: unknown,
      target: string,
      environment: string,
    ): Finding[] => {
      if (typeof value !== 'string') {
        return [
          {
            target,
            message: `${target} must be a region name, but is ${describeType(
              value,
            )}`,
            remediation,
          },
        ];
      }
      if (value.length > MAX_MATCHED_LENGTH) {
        return [
          {
            unchecked: true,
            target,
            message: `${target} is ${value.length} characters long, too long to be a region`,
            remediation,
          },
        ];
      }
      if (matchesAnyGlob(config.allowed, value)) return [];
      return [
        {
          target,
          message: `${target} ${quote(
            value,
          )} is not an allowed region in environment ${quote(
            environment,
          )} (allowed: ${allowedText})${lookAlikeNote(value)}`,
          remediation,
        },
      ];
    };

    return ({ request, environment }) =>
      config.inputs.flatMap((name): Finding[] => {
        const value = ownValue(request.inputs, name);
        const target = formatTarget('inputs', name);
        if (isUnset(value)) {
          return config.required
            ? [
                {
                  target,
                  message: `${target} is not set; this region rule requires it`,
                  remediation,
                },
              ]
            : [];
        }
        if (Array.isArray(value)) {
          return value.flatMap((item, index) =>
            checkRegion(
              item,
              formatTarget('inputs', name, index),
              environment.name,
            ),
          );
        }
        return checkRegion(value, target, environment.name);
      });
  },
});
