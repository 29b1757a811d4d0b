import { z } from 'zod';
import { matchesGlob } from '../lib/glob';
import { formatList, lookAlikeNote, quote } from '../lib/text';
import {
  parseVersion,
  parseVersionConstraint,
  satisfies,
  VersionConstraint,
} from '../lib/versions';
import {
  ConfigProblem,
  defineRuleKind,
  Finding,
  globSchema,
  RuleConfigError,
  ruleBaseShape,
} from './ruleKind';

const moduleSchema = z.strictObject({
  /** Module name; globs such as `network-*` are accepted. */
  name: globSchema,
  /**
   * Terraform-style constraints (`>= 1.2.0, < 2.0.0`, `~> 1.2`, `= 2.0.0`);
   * a version passes when it meets any one of them. Absent: any version.
   */
  versions: z.array(z.string().min(1).max(256)).min(1).optional(),
});

export const allowedModulesSchema = z.strictObject({
  ...ruleBaseShape,
  type: z.literal('allowed-modules'),
  modules: z.array(moduleSchema).min(1),
});

interface CompiledModule {
  name: string;
  versions?: { text: string; constraint: VersionConstraint }[];
}

function compileModules(
  modules: z.infer<typeof moduleSchema>[],
): CompiledModule[] {
  const problems: ConfigProblem[] = [];
  const compiled = modules.map((module, index) => ({
    name: module.name,
    versions: module.versions?.flatMap((text, at) => {
      try {
        return [{ text, constraint: parseVersionConstraint(text) }];
      } catch (error) {
        problems.push({
          path: ['modules', index, 'versions', at],
          message: `not a version constraint: ${(error as Error).message}`,
        });
        return [];
      }
    }),
  }));
  if (problems.length > 0) throw new RuleConfigError(problems);
  return compiled;
}

/** `"~> 1.2" or "= 2.0.0"`: constraints contain commas of their own. */
function alternatives(texts: readonly string[]): string {
  const shown = texts.slice(0, 5).map(text => quote(text, 60));
  const more = texts.length > 5 ? ` or … (${texts.length} in all)` : '';
  return `${shown.join(' or ')}${more}`;
}

/**
 * `allowed-modules`: the requested module must be listed, and its version
 * meet a listed constraint. Several entries may match a name (`s3-bucket`
 * and `*`); the version then passes if any of them accepts it.
 */
export const allowedModulesRuleKind = defineRuleKind({
  type: 'allowed-modules',
  phase: 'pre-plan',
  schema: allowedModulesSchema,
  compile(config) {
    const modules = compileModules(config.modules);
    const namesText = formatList(modules.map(m => m.name));
    return ({ request, environment }): Finding[] => {
      const { name, version } = request.module;
      const env = quote(environment.name);
      const shownName = typeof name === 'string' ? quote(name) : 'unnamed';
      const matching =
        typeof name === 'string'
          ? modules.filter(m => matchesGlob(m.name, name))
          : [];
      if (matching.length === 0) {
        return [
          {
            target: 'module',
            message: `module ${shownName} is not allowed in environment ${env} (allowed: ${namesText})${
              typeof name === 'string' ? lookAlikeNote(name) : ''
            }`,
            remediation: `Request one of the allowed modules (${namesText}), or ask the platform team to allow this module in ${env}.`,
          },
        ];
      }
      if (matching.some(m => m.versions === undefined)) return [];
      const constraints = matching.flatMap(m => m.versions ?? []);
      const constraintsText = alternatives(constraints.map(c => c.text));
      const parsed =
        typeof version === 'string' ? parseVersion(version) : undefined;
      if (!parsed) {
        return [
          {
            target: 'module.version',
            message: `version ${
              typeof version === 'string' ? quote(version) : '(none)'
            } of module ${shownName} is not a semantic version such as 1.2.0`,
            remediation: `Request a version meeting ${constraintsText}.`,
          },
        ];
      }
      if (constraints.some(c => satisfies(parsed, c.constraint))) return [];
      return [
        {
          target: 'module.version',
          message: `version ${quote(
            version,
          )} of module ${shownName} is not allowed in environment ${env} (allowed: ${constraintsText})`,
          remediation: `Request a version meeting ${constraintsText}, or ask the platform team to allow this one in ${env}.`,
        },
      ];
    };
  },
});
