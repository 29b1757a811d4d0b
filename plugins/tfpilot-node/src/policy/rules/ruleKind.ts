import {
  environmentSchema,
  POLICY_SEVERITIES,
  PolicyResult,
  PolicySeverity,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { z } from 'zod';
import { GLOB_PATTERN } from '../lib/glob';
import { PolicyContextOf, PolicyPhase, TfpilotPolicyRule } from '../types';

/** A path inside one rule's configuration, such as `['tags', 0, 'key']`. */
export type ConfigPath = readonly (string | number)[];

/** One thing wrong with a rule's configuration. */
export interface ConfigProblem {
  path: ConfigPath;
  message: string;
}

/** Thrown while reading a rule; the reader prefixes the rule's key. */
export class RuleConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(p => p.message).join('; '));
  }
}

/** One finding of a built-in rule, before it becomes a PolicyResult. */
export interface Finding {
  message: string;
  target?: string;
  remediation?: string;
  /**
   * The rule could not check this value (too long, timed out, cost
   * unknown): the configured `message` does not replace this one, since it
   * describes a violation that may not be there.
   */
  unchecked?: boolean;
  /** Replaces the rule's severity, e.g. a warning for an unknown cost. */
  severity?: PolicySeverity;
}

/** Rule ids: stable, short and safe to show anywhere. */
export const RULE_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export const ruleIdSchema = z
  .string()
  .regex(
    RULE_ID_PATTERN,
    'lower-case letters, digits, ".", "_" and "-", at most 64 characters',
  );

/** A Terraform variable name of the module, as found in `inputs`. */
export const inputNameSchema = z
  .string()
  .regex(INPUT_NAME, 'not a Terraform variable name');

export const globSchema = z
  .string()
  .regex(
    GLOB_PATTERN,
    'letters, digits, "_", ".", ":", "/", "-" and the wildcards * and ?, at most 128 characters',
  );

/** Fields every rule has, whatever its type. */
export const ruleBaseShape = {
  id: ruleIdSchema,
  severity: z.enum(POLICY_SEVERITIES).default('error'),
  message: z.string().min(1).max(1000).optional(),
  remediation: z.string().min(1).max(1000).optional(),
  environments: z.array(environmentSchema).min(1).optional(),
};

/** The base fields once read. */
export interface RuleBase {
  id: string;
  severity: PolicySeverity;
  message?: string;
  remediation?: string;
  environments?: string[];
}

/** What a kind of rule is made of; see {@link defineRuleKind}. */
export interface RuleKindSpec<P extends PolicyPhase, C extends RuleBase> {
  type: string;
  phase: P;
  /** A strict object schema of the whole rule, `type` included. */
  schema: z.ZodType<C>;
  /** Applies only to production environments unless `environments` is set. */
  productionOnlyByDefault?: boolean;
  /** Prepares the check; throws RuleConfigError for what the schema cannot see. */
  compile(config: C): (context: PolicyContextOf<P>) => Finding[];
}

/** Options of reading one rule. */
export interface ReadRuleOptions {
  /** Names `environments` may use; anything is accepted when absent. */
  environments?: readonly string[];
}

/** A kind of rule as the configuration reader uses it. */
export interface RuleKind {
  type: string;
  phase: PolicyPhase;
  /** Reads one rule's configuration; throws RuleConfigError. */
  read(raw: unknown, options: ReadRuleOptions): TfpilotPolicyRule;
}

/** Zod issues as problems; each unknown key is a problem of its own. */
export function problemsOf(error: z.ZodError): ConfigProblem[] {
  return error.issues.flatMap(issue =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map(key => ({
          path: [...issue.path, key].map(pathSegment),
          message: 'unknown key',
        }))
      : [{ path: issue.path.map(pathSegment), message: issue.message }],
  );
}

function pathSegment(segment: PropertyKey): string | number {
  return typeof segment === 'number' ? segment : String(segment);
}

function unknownEnvironments(
  names: readonly string[] | undefined,
  known: readonly string[] | undefined,
): ConfigProblem[] {
  if (!names || !known) return [];
  return names.flatMap((name, index) =>
    known.includes(name)
      ? []
      : [
          {
            path: ['environments', index],
            message: `"${name}" is not a configured environment (${known.join(
              ', ',
            )})`,
          },
        ],
  );
}

/** Whether a rule applies in the context's environment. */
function inScope(
  base: RuleBase,
  productionOnly: boolean,
  environment: { name: string; production: boolean },
): boolean {
  if (base.environments) return base.environments.includes(environment.name);
  return productionOnly ? environment.production === true : true;
}

/** A finding as a result of the rule, with the configured overrides. */
export function toResult(base: RuleBase, finding: Finding): PolicyResult {
  const overridden = !finding.unchecked;
  const remediation =
    (overridden ? base.remediation : undefined) ?? finding.remediation;
  return {
    ruleId: base.id,
    severity: finding.severity ?? base.severity,
    message: (overridden ? base.message : undefined) ?? finding.message,
    ...(finding.target !== undefined && { target: finding.target }),
    ...(remediation !== undefined && { remediation }),
  };
}

/**
 * Turns a spec into a kind: schema problems and compile problems are
 * thrown together, and the compiled check is wrapped with environment
 * scoping and the shared result shape.
 */
export function defineRuleKind<P extends PolicyPhase, C extends RuleBase>(
  spec: RuleKindSpec<P, C>,
): RuleKind {
  return {
    type: spec.type,
    phase: spec.phase,
    read(raw, options) {
      const parsed = spec.schema.safeParse(raw);
      if (!parsed.success) throw new RuleConfigError(problemsOf(parsed.error));
      const config = parsed.data;
      const problems = unknownEnvironments(
        config.environments,
        options.environments,
      );
      let check: ((context: PolicyContextOf<P>) => Finding[]) | undefined;
      try {
        check = spec.compile(config);
      } catch (error) {
        if (!(error instanceof RuleConfigError)) throw error;
        problems.push(...error.problems);
      }
      if (problems.length > 0 || !check) throw new RuleConfigError(problems);
      const productionOnly = spec.productionOnlyByDefault === true;
      const compiled = check;
      const evaluate = (context: PolicyContextOf<P>): PolicyResult[] =>
        inScope(config, productionOnly, context.environment)
          ? compiled(context).map(finding => toResult(config, finding))
          : [];
      // The phase fixes the context type; TypeScript cannot follow the generic.
      return {
        id: config.id,
        phase: spec.phase,
        evaluate,
      } as TfpilotPolicyRule;
    },
  };
}
