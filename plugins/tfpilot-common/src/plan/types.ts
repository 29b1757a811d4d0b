/** Counts of resource changes by kind; a replace counts once, as a replace. */
export interface PlanCounts {
  create: number;
  update: number;
  delete: number;
  replace: number;
  read: number;
  noop: number;
  /** `removed { lifecycle { destroy = false } }`: dropped from state, left running (Terraform 1.7+). */
  forget: number;
}

export type PlanAction =
  | 'no-op'
  | 'create'
  | 'read'
  | 'update'
  | 'delete'
  | 'forget';

export interface PlanChange {
  address: string;
  type: string;
  /** Module address (`module.a.module.b`), or null for the root module. */
  module: string | null;
  actions: PlanAction[];
  /** `[delete, create]`, `[create, delete]` or `[create, forget]`. */
  replace: boolean;
  /** Why Terraform chose these actions (`action_reason`), plus replace paths. */
  reasons: string[];
  /** Deletes or replaces something that exists. */
  destructive: boolean;
}

/** A resource Terraform found changed outside Terraform (`resource_drift`). */
export interface PlanDrift {
  address: string;
  actions: PlanAction[];
  /**
   * Top-level attributes whose value changed, sorted; left out when the
   * plan shows none (a deleted resource, values hidden on both sides).
   * Names only: sensitive attributes are named, never valued.
   */
  attributes?: string[];
}

export interface PlanOutput {
  name: string;
  actions: PlanAction[];
  sensitive: boolean;
  /** The planned value, with sensitive parts shown as "(sensitive)" and unknown ones as "(known after apply)". */
  value: unknown;
}

/** What a plan will do: the machine form of `tfpilot plan summarize --json`. */
export interface PlanSummary {
  formatVersion: string;
  terraformVersion: string | null;
  errored: boolean;
  counts: PlanCounts;
  changes: PlanChange[];
  drift: PlanDrift[];
  outputs: PlanOutput[];
}

/** Shown instead of a value Terraform marks sensitive. */
export const SENSITIVE = '(sensitive)';
/** Shown instead of a value only known after apply. */
export const UNKNOWN = '(known after apply)';
