/**
 * What `tfpilot module inspect` reports about a Terraform / OpenTofu module:
 * the machine form of `tfpilot module inspect --json`, also read by the
 * catalog entity provider and the scaffolder form generator.
 *
 * Every list is sorted (variables, outputs and providers by name, files by
 * file name), so the same module always gives the same result.
 */

/** A JSON value, as found in a literal `default`. */
export type ModuleJsonValue =
  | null
  | boolean
  | number
  | string
  | ModuleJsonValue[]
  | { [key: string]: ModuleJsonValue };

/** The primitive type names of the Terraform type system. */
export type ModulePrimitiveTypeName = 'string' | 'number' | 'bool';

/**
 * A variable's type constraint, parsed: what a form generator needs to pick
 * an input widget. `any` stands for Terraform's `any` placeholder.
 */
export type ModuleTypeSpec =
  | { kind: 'any' }
  | { kind: ModulePrimitiveTypeName }
  | { kind: 'list' | 'set' | 'map'; element: ModuleTypeSpec }
  | { kind: 'tuple'; elements: ModuleTypeSpec[] }
  | { kind: 'object'; attributes: ModuleObjectAttribute[] };

/** One attribute of an `object({...})` type, in the order written. */
export interface ModuleObjectAttribute {
  name: string;
  type: ModuleTypeSpec;
  /** Declared with `optional(...)`. */
  optional: boolean;
  /** The second argument of `optional(type, default)`; null when there is none. */
  default: ModuleJsonValue;
  hasDefault: boolean;
  /** See {@link ModuleVariable.defaultIsExpression}. */
  defaultIsExpression: boolean;
}

/** One `validation { condition, error_message }` block of a variable. */
export interface ModuleValidation {
  /** The condition expression as written, e.g. `length(var.name) > 0`. */
  condition: string;
  /**
   * The error message. A message that interpolates (`"${var.x} is bad"`) is
   * kept as a template, in Terraform's JSON syntax.
   */
  errorMessage: string;
}

/** One `variable "name" {}` block: an input of the module. */
export interface ModuleVariable {
  name: string;
  /** The `.tf` file that declares it. */
  file: string;
  /**
   * The type constraint as written (`map(string)`, comments and line breaks
   * included), or null when the variable is untyped. The legacy quoted forms
   * (`type = "string"`) are given without their quotes.
   */
  type: string | null;
  /** The type constraint parsed; null exactly when `type` is null. */
  typeSpec: ModuleTypeSpec | null;
  description: string | null;
  /**
   * The default value; null both for `default = null` and for no default at
   * all (tell them apart with `hasDefault`).
   */
  default: ModuleJsonValue;
  /** The block sets `default`, even to `null`. */
  hasDefault: boolean;
  /**
   * The default is not a plain literal (`default = 60 * 60`): `default` then
   * holds it in Terraform's JSON syntax, where `"${...}"` is an expression,
   * rather than as the value Terraform will compute.
   */
  defaultIsExpression: boolean;
  /** A caller must set it: exactly when there is no default. */
  required: boolean;
  sensitive: boolean;
  /** Whether `null` is an allowed value; Terraform's default is true. */
  nullable: boolean;
  /** `ephemeral = true` (Terraform 1.10+): the value is never stored. */
  ephemeral: boolean;
  validations: ModuleValidation[];
}

/** One `output "name" {}` block. */
export interface ModuleOutput {
  name: string;
  /** The `.tf` file that declares it. */
  file: string;
  description: string | null;
  sensitive: boolean;
}

/**
 * A provider the module uses: declared in `terraform { required_providers {} }`
 * (in any file) or configured with a `provider "name" {}` block.
 */
export interface ModuleProvider {
  /** The module's local name for it (`aws`). */
  name: string;
  /**
   * The source address as declared (`hashicorp/aws`), or null when the module
   * does not declare one (Terraform then assumes `hashicorp/<name>`).
   */
  source: string | null;
  /**
   * The version constraint (`>= 5.0, < 7.0`); several declarations are
   * joined with ", ". Null when unconstrained.
   */
  versionConstraint: string | null;
  /** `configuration_aliases` the caller must pass, e.g. `aws.peer`; sorted. */
  configurationAliases: string[];
  /** The module has its own `provider "name" {}` block. */
  configured: boolean;
}

/** Everything `inspectModule` learns about one module directory. */
export interface ModuleInspection {
  variables: ModuleVariable[];
  outputs: ModuleOutput[];
  providers: ModuleProvider[];
  /** `terraform { required_version }`, joined with ", " when set in several files. */
  requiredVersion: string | null;
  /** The text of the module's README.md, or null when it has none. */
  readme: string | null;
  /** The README's file name as found (`README.md`, `Readme.md`, ...). */
  readmeFile: string | null;
  /** The `.tf` files read, sorted by name. */
  files: string[];
}
