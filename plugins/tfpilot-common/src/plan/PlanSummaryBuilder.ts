import { maskValue } from './mask';
import {
  PlanAction,
  PlanChange,
  PlanCounts,
  PlanOutput,
  PlanSummary,
} from './types';

const ACTIONS: readonly PlanAction[] = [
  'no-op',
  'create',
  'read',
  'update',
  'delete',
];

/** A plan file is not what we expected; the message names what is wrong. */
export class PlanFormatError extends Error {
  name = 'PlanFormatError';
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function actionsOf(change: unknown, where: string): PlanAction[] {
  const actions = isRecord(change) ? change.actions : undefined;
  if (
    !Array.isArray(actions) ||
    actions.length === 0 ||
    !actions.every(a => ACTIONS.includes(a as PlanAction))
  ) {
    throw new PlanFormatError(
      `${where}: change.actions is not a list of Terraform actions`,
    );
  }
  return actions as PlanAction[];
}

/** Which counter a resource change adds to. */
function kindOf(actions: PlanAction[]): keyof PlanCounts {
  if (actions.includes('delete') && actions.includes('create'))
    return 'replace';
  if (actions.length === 1) {
    const [action] = actions;
    if (action === 'no-op') return 'noop';
    return action;
  }
  throw new PlanFormatError(
    `unexpected action combination ${JSON.stringify(actions)}`,
  );
}

function stringField(
  obj: Record<string, unknown>,
  key: string,
  where: string,
): string {
  const value = obj[key];
  if (typeof value !== 'string')
    throw new PlanFormatError(`${where}: ${key} is not a string`);
  return value;
}

/**
 * Builds a plan summary from the parts of `terraform show -json` output, fed
 * one at a time, so the same code serves an in-memory plan and a streamed one.
 */
export class PlanSummaryBuilder {
  #formatVersion?: string;
  #terraformVersion: string | null = null;
  #errored = false;
  #sawPlanContent = false;
  readonly #counts: PlanCounts = {
    create: 0,
    update: 0,
    delete: 0,
    replace: 0,
    read: 0,
    noop: 0,
  };
  readonly #changes: PlanChange[] = [];
  readonly #drift: PlanSummary['drift'] = [];
  #outputChanges?: Record<string, unknown>;
  #plannedOutputs?: Record<string, unknown>;

  setFormatVersion(value: unknown): void {
    if (typeof value !== 'string' || !/^\d+\.\d+$/.test(value)) {
      throw new PlanFormatError(
        'format_version is missing or not a version such as "1.2"',
      );
    }
    const major = Number(value.split('.')[0]);
    if (major > 1) {
      throw new PlanFormatError(
        `format_version ${value} is newer than this tfpilot understands (0.x and 1.x)`,
      );
    }
    this.#formatVersion = value;
  }

  setTerraformVersion(value: unknown): void {
    this.#terraformVersion = typeof value === 'string' ? value : null;
  }

  setErrored(value: unknown): void {
    this.#errored = value === true;
    this.#sawPlanContent = true;
  }

  addResourceChange(rc: unknown, position: number): void {
    const where = `resource_changes[${position}]`;
    if (!isRecord(rc)) throw new PlanFormatError(`${where} is not an object`);
    this.#sawPlanContent = true;
    const actions = actionsOf(rc.change, where);
    const kind = kindOf(actions);
    this.#counts[kind]++;
    if (kind === 'noop') return;
    const change = rc.change as Record<string, unknown>;
    const reasons: string[] = [];
    if (typeof rc.action_reason === 'string') reasons.push(rc.action_reason);
    if (Array.isArray(change.replace_paths) && change.replace_paths.length) {
      reasons.push(
        `replace paths: ${change.replace_paths
          .map(p => (Array.isArray(p) ? p.join('.') : String(p)))
          .join(', ')}`,
      );
    }
    this.#changes.push({
      address: stringField(rc, 'address', where),
      type: stringField(rc, 'type', where),
      module: typeof rc.module_address === 'string' ? rc.module_address : null,
      actions,
      replace: kind === 'replace',
      reasons,
      destructive: actions.includes('delete'),
    });
  }

  addDrift(rd: unknown, position: number): void {
    const where = `resource_drift[${position}]`;
    if (!isRecord(rd)) throw new PlanFormatError(`${where} is not an object`);
    this.#sawPlanContent = true;
    this.#drift.push({
      address: stringField(rd, 'address', where),
      actions: actionsOf(rd.change, where),
    });
  }

  setOutputChanges(value: unknown): void {
    if (!isRecord(value))
      throw new PlanFormatError('output_changes is not an object');
    this.#sawPlanContent = true;
    this.#outputChanges = value;
  }

  /** `planned_values.outputs`: where format 0.x records output sensitivity. */
  setPlannedOutputs(value: unknown): void {
    this.#sawPlanContent = true;
    if (isRecord(value)) this.#plannedOutputs = value;
  }

  markPlanContent(): void {
    this.#sawPlanContent = true;
  }

  build(): PlanSummary {
    if (this.#formatVersion === undefined) {
      throw new PlanFormatError(
        'not a Terraform plan: format_version is missing',
      );
    }
    if (!this.#sawPlanContent) {
      throw new PlanFormatError(
        'not a Terraform plan: no planned_values, resource_changes or output_changes (is it a state file?)',
      );
    }
    return {
      formatVersion: this.#formatVersion,
      terraformVersion: this.#terraformVersion,
      errored: this.#errored,
      counts: { ...this.#counts },
      changes: this.#changes,
      drift: this.#drift,
      outputs: this.#outputs(),
    };
  }

  #outputs(): PlanOutput[] {
    const changes = this.#outputChanges ?? {};
    return Object.keys(changes)
      .sort()
      .map(name => {
        const change = changes[name];
        const where = `output_changes.${name}`;
        const actions = actionsOf(change, where);
        const c = change as Record<string, unknown>;
        const planned = this.#plannedOutputs?.[name];
        const sensitive =
          c.after_sensitive === true ||
          c.before_sensitive === true ||
          (isRecord(planned) && planned.sensitive === true);
        return {
          name,
          actions,
          sensitive,
          value: sensitive
            ? maskValue(c.after, true, false)
            : maskValue(c.after, c.after_sensitive, c.after_unknown),
        };
      });
  }
}

/** Summarises an already-parsed plan. */
export function summarizePlan(plan: unknown): PlanSummary {
  if (!isRecord(plan))
    throw new PlanFormatError(
      'not a Terraform plan: the document is not a JSON object',
    );
  const builder = new PlanSummaryBuilder();
  builder.setFormatVersion(plan.format_version);
  builder.setTerraformVersion(plan.terraform_version);
  if ('errored' in plan) builder.setErrored(plan.errored);
  if (isRecord(plan.planned_values))
    builder.setPlannedOutputs(plan.planned_values.outputs);
  feedList(plan.resource_changes, 'resource_changes', (item, i) =>
    builder.addResourceChange(item, i),
  );
  feedList(plan.resource_drift, 'resource_drift', (item, i) =>
    builder.addDrift(item, i),
  );
  if (plan.output_changes !== undefined)
    builder.setOutputChanges(plan.output_changes);
  return builder.build();
}

function feedList(
  value: unknown,
  name: string,
  add: (item: unknown, index: number) => void,
): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) throw new PlanFormatError(`${name} is not a list`);
  value.forEach(add);
}
