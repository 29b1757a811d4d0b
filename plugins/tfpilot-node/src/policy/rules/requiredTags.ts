import { z } from 'zod';
import {
  describeType,
  formatList,
  formatTarget,
  lookAlikeNote,
  quote,
} from '../lib/text';
import { SafePattern } from '../lib/safePattern';
import {
  ConfigProblem,
  defineRuleKind,
  Finding,
  inputNameSchema,
  RuleConfigError,
  ruleBaseShape,
} from './ruleKind';
import {
  checkPattern,
  compilePatternAt,
  isMap,
  isUnset,
  ownValue,
} from './values';

/**
 * Keys that name JavaScript's own object machinery. A tag map holding one
 * is refused outright: such keys have no business in cloud tags and are
 * the classic vehicle of prototype pollution in whatever reads them next.
 */
export const RESERVED_TAG_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
];

/** `{{environment}}` in an allowed value stands for the request's environment. */
const ENVIRONMENT_PLACEHOLDER = /\{\{\s*environment\s*\}\}/g;
const ANY_PLACEHOLDER = /\{\{|\}\}|\$\{/;

const tagSchema = z.strictObject({
  key: z.string().min(1).max(128),
  /** Accepted values; `{{environment}}` is replaced by the environment name. */
  allowed: z.array(z.string().min(1).max(256)).min(1).optional(),
  /** A whole-value regular expression the value must match. */
  pattern: z.string().min(1).optional(),
});

export const requiredTagsSchema = z.strictObject({
  ...ruleBaseShape,
  type: z.literal('required-tags'),
  /** The input holding the tag map. */
  input: inputNameSchema.default('tags'),
  tags: z.array(tagSchema).min(1),
});

type TagConfig = z.infer<typeof tagSchema>;

interface CompiledTag extends TagConfig {
  compiledPattern?: SafePattern;
}

function tagProblems(tags: readonly TagConfig[]): ConfigProblem[] {
  return tags.flatMap((tag, index): ConfigProblem[] => [
    ...(RESERVED_TAG_KEYS.includes(tag.key)
      ? [{ path: ['tags', index, 'key'], message: 'a reserved name' }]
      : []),
    ...(tags.findIndex(other => other.key === tag.key) < index
      ? [
          {
            path: ['tags', index, 'key'],
            message: `"${tag.key}" is listed twice`,
          },
        ]
      : []),
    ...(tag.allowed ?? []).flatMap((value, at) =>
      ANY_PLACEHOLDER.test(value.replace(ENVIRONMENT_PLACEHOLDER, ''))
        ? [
            {
              path: ['tags', index, 'allowed', at],
              message:
                'unknown placeholder: only {{environment}} is supported (Backstage replaces ${…} with environment variables while loading app-config)',
            },
          ]
        : [],
    ),
  ]);
}

function compileTags(tags: readonly TagConfig[]): CompiledTag[] {
  const problems = tagProblems(tags);
  const compiled = tags.map((tag, index) => {
    if (tag.pattern === undefined) return tag;
    try {
      return {
        ...tag,
        compiledPattern: compilePatternAt(tag.pattern, [
          'tags',
          index,
          'pattern',
        ]),
      };
    } catch (error) {
      if (!(error instanceof RuleConfigError)) throw error;
      problems.push(...error.problems);
      return tag;
    }
  });
  if (problems.length > 0) throw new RuleConfigError(problems);
  return compiled;
}

/** Findings for one required tag present in a map. */
function checkTagValue(
  tag: CompiledTag,
  value: unknown,
  target: string,
  environment: string,
): Finding[] {
  const label = `tag ${quote(tag.key)}`;
  if (isUnset(value)) {
    return [
      {
        target,
        message: `required ${label} has no value (${describeType(value)})`,
        remediation: `Give the ${label} a value.`,
      },
    ];
  }
  if (typeof value !== 'string') {
    return [
      {
        target,
        message: `${label} must be a string, but is ${describeType(value)}`,
        remediation: `Give the ${label} a text value.`,
      },
    ];
  }
  if (value.trim() === '') {
    return [
      {
        target,
        message: `${label} is empty`,
        remediation: `Give the ${label} a value.`,
      },
    ];
  }
  const findings: Finding[] = [];
  if (tag.allowed) {
    const allowed = tag.allowed.map(v =>
      v.replace(ENVIRONMENT_PLACEHOLDER, environment),
    );
    if (!allowed.includes(value)) {
      findings.push({
        target,
        message: `${label} has the value ${quote(
          value,
        )}, which is not allowed (allowed: ${formatList(
          allowed,
        )})${lookAlikeNote(value)}`,
        remediation: `Set the ${label} to one of: ${formatList(allowed)}.`,
      });
    }
  }
  if (tag.compiledPattern) {
    const finding = checkPattern(tag.compiledPattern, value, label, target);
    if (finding) findings.push(finding);
  }
  return findings;
}

/** A key differing only in case, to explain an apparently present tag. */
function caseNote(keys: readonly string[], wanted: string): string {
  const lower = wanted.toLowerCase();
  const near = keys.find(key => key.toLowerCase() === lower);
  return near === undefined
    ? ''
    : `; found ${quote(near)} instead: tag keys are case-sensitive`;
}

/**
 * `required-tags`: a tag-map input must carry each listed tag with a
 * non-empty string value, optionally from a list or matching a pattern.
 */
export const requiredTagsRuleKind = defineRuleKind({
  type: 'required-tags',
  phase: 'pre-plan',
  schema: requiredTagsSchema,
  compile(config) {
    const tags = compileTags(config.tags);
    return ({ request, environment }) => {
      const map = ownValue(request.inputs, config.input);
      const mapTarget = formatTarget('inputs', config.input);
      if (isUnset(map)) {
        return tags.map(tag => ({
          target: formatTarget('inputs', config.input, tag.key),
          message: `required tag ${quote(
            tag.key,
          )} is missing: ${mapTarget} is not set`,
          remediation: `Set ${mapTarget} with the tags ${formatList(
            tags.map(t => t.key),
          )}.`,
        }));
      }
      if (!isMap(map)) {
        return [
          {
            target: mapTarget,
            message: `${mapTarget} must be a map of tag names to values, but is ${describeType(
              map,
            )}`,
            remediation: `Set ${mapTarget} to a map such as { ${quote(
              tags[0].key,
            )} = "…" }.`,
          },
        ];
      }
      const keys = Object.keys(map);
      const reserved = keys
        .filter(key => RESERVED_TAG_KEYS.includes(key))
        .map(key => ({
          target: formatTarget('inputs', config.input, key),
          message: `${mapTarget} has a tag named ${quote(
            key,
          )}, a reserved JavaScript property name that is not allowed as a tag key`,
          remediation: `Remove the ${quote(key)} tag.`,
        }));
      const required = tags.flatMap((tag): Finding[] => {
        const target = formatTarget('inputs', config.input, tag.key);
        if (!Object.hasOwn(map, tag.key)) {
          return [
            {
              target,
              message: `required tag ${quote(
                tag.key,
              )} is missing from ${mapTarget}${caseNote(keys, tag.key)}`,
              remediation: `Add the tag ${quote(tag.key)} to ${mapTarget}.`,
            },
          ];
        }
        return checkTagValue(tag, map[tag.key], target, environment.name);
      });
      return [...reserved, ...required];
    };
  },
});
