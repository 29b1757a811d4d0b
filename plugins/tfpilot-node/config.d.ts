/** Fields every policy rule has. */
interface PolicyRuleBase {
  /**
   * Unique id of the rule, shown with every result: lower-case letters,
   * digits, `.`, `_` and `-`, at most 64 characters.
   */
  id: string;
  /** `error` (the default) blocks the request; `warning` only informs. */
  severity?: 'error' | 'warning';
  /** Replaces the message of every violation this rule reports. */
  message?: string;
  /** Replaces the remediation (how to fix) of every violation. */
  remediation?: string;
  /**
   * Environment names the rule applies to. Default: all environments,
   * except `protected-resources`, which defaults to production ones.
   */
  environments?: string[];
}

/** Resource-name inputs must match a pattern (pre-plan). */
interface NamingPolicyRule extends PolicyRuleBase {
  type: 'naming';
  /** Inputs holding names, such as `name` or `bucket_name`. */
  inputs: string[];
  /**
   * JavaScript regular expression (u flag) the whole value must match, at
   * most 256 characters; refused at start-up when it backtracks (ReDoS).
   */
  pattern: string;
  /** Fail when an input is not set, instead of skipping it. Default false. */
  required?: boolean;
}

/** One tag a tag map must carry. */
interface RequiredTag {
  /** Tag key, case-sensitive. */
  key: string;
  /**
   * Accepted values. `{{environment}}` stands for the request's environment
   * (`${…}` would be replaced by Backstage with an environment variable).
   */
  allowed?: string[];
  /** Regular expression the whole value must match. */
  pattern?: string;
}

/** A tag-map input must carry tags with accepted values (pre-plan). */
interface RequiredTagsPolicyRule extends PolicyRuleBase {
  type: 'required-tags';
  /** The input holding the tag map. Default `tags`. */
  input?: string;
  tags: RequiredTag[];
}

/** Region inputs must be in a list (pre-plan). */
interface AllowedRegionsPolicyRule extends PolicyRuleBase {
  type: 'allowed-regions';
  /** Inputs holding a region or a list of regions. Default `[region]`. */
  inputs?: string[];
  /** Allowed regions; globs such as `eu-*` are accepted. */
  allowed: string[];
  /** Fail when an input is not set. Default false (the module's default applies). */
  required?: boolean;
}

/** A module a request may use. */
interface AllowedModule {
  /** Module name; globs such as `network-*` are accepted. */
  name: string;
  /**
   * Terraform-style version constraints (`= 1.2.0`, `>= 1.2, < 2.0.0`,
   * `~> 1.2`); any one of them suffices. Default: any version.
   */
  versions?: string[];
}

/** Only listed modules and versions may be requested (pre-plan). */
interface AllowedModulesPolicyRule extends PolicyRuleBase {
  type: 'allowed-modules';
  modules: AllowedModule[];
}

/** No delete or replace of listed resource types (post-plan). */
interface ProtectedResourcesPolicyRule extends PolicyRuleBase {
  type: 'protected-resources';
  /** Resource types; globs such as `aws_db_*` are accepted. */
  types: string[];
  /** Forbidden actions. Default both. */
  actions?: Array<'delete' | 'replace'>;
}

/** The monthly cost may not rise by more than a limit (post-plan). */
interface MaxCostIncreasePolicyRule extends PolicyRuleBase {
  type: 'max-cost-increase';
  /** Largest accepted rise of infracost's monthly total; exactly this passes. */
  maxMonthlyIncrease: number;
  /** ISO 4217 code of the limit, such as USD; an estimate in another currency cannot be checked. */
  currency?: string;
  /**
   * When the cost cannot be checked (no estimate, other currency, projects
   * infracost could not price): false (default) gives a warning, true a
   * result of the rule's severity.
   */
  requireCost?: boolean;
}

/** Resource types the plan creates or changes must be allowed (post-plan). */
interface ResourceTypesPolicyRule extends PolicyRuleBase {
  type: 'resource-types';
  /** When set, only these types (globs) may be created, updated or replaced. */
  allow?: string[];
  /** These types (globs) may never be created, updated or replaced; wins over allow. */
  deny?: string[];
}

export interface Config {
  tfpilot?: {
    /** The policy engine: rules checked before and after each plan. */
    policies?: {
      /** How long a custom rule (tfpilotPolicyExtensionPoint) may take, in seconds. Default 10. */
      customRuleTimeoutSeconds?: number;
      /** Rules, evaluated in this order; custom rules follow. */
      rules?: Array<
        | NamingPolicyRule
        | RequiredTagsPolicyRule
        | AllowedRegionsPolicyRule
        | AllowedModulesPolicyRule
        | ProtectedResourcesPolicyRule
        | MaxCostIncreasePolicyRule
        | ResourceTypesPolicyRule
      >;
    };
  };
}
