import { changedAttributes } from './driftAttributes';
import { anyMarked, maskValue } from './mask';
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
  'forget',
];

/** A plan file is not what we expected; the message names what is wrong. */
export class PlanFormatError extends Error {
  name = 'PlanFormatError';
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Makes text from the plan safe to put in a one-line error message: control
 * characters (newlines, terminal escapes) become spaces, long text is cut.
 */
export function oneLine(text: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Names a JSON value for an error message without echoing much of it. */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(oneLine(value, 40));
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function actionsOf(change: unknown, where: string): PlanAction[] {
  if (!isRecord(change))
    throw new PlanFormatError(`${where}: change is missing or not an object`);
  const actions = change.actions;
  if (!Array.isArray(actions) || actions.length === 0) {
    throw new PlanFormatError(
      `${where}: change.actions is ${
        Array.isArray(actions) ? 'an empty list' : describeJson(actions)
      }, expected a list of Terraform actions`,
    );
  }
  for (const action of actions) {
    if (!ACTIONS.includes(action as PlanAction)) {
      throw new PlanFormatError(
        `${where}: unknown action ${describeJson(
          action,
        )} (expected ${ACTIONS.join(', ')})`,
      );
    }
  }
  return actions as PlanAction[];
}

/** Which counter a resource change adds to; one change adds to one counter. */
function kindOf(actions: PlanAction[], where: string): keyof PlanCounts {
  const key = actions.join(',');
  if (key === 'delete,create' || key === 'create,delete') return 'replace';
  // A new object replaces one that Terraform forgets but leaves running.
  if (key === 'create,forget') return 'replace';
  if (actions.length === 1) {
    const [action] = actions;
    return action === 'no-op' ? 'noop' : action;
  }
  throw new PlanFormatError(
    `${where}: unexpected action combination ${JSON.stringify(actions)}`,
  );
}

function stringField(
  obj: Record<string, unknown>,
  key: string,
  where: string,
): string {
  const value = obj[key];
  if (typeof value !== 'string')
    throw new PlanFormatError(
      `${where}: ${key} is ${describeJson(value)}, expected a string`,
    );
  return value;
}

/** Position plus, when there is one, the address: `resource_changes[3] (aws_s3_bucket.logs)`. */
function whereOf(list: string, position: number, item: unknown): string {
  const address = isRecord(item) ? item.address : undefined;
  return typeof address === 'string'
    ? `${list}[${position}] (${oneLine(address, 80)})`
    : `${list}[${position}]`;
}

/** `[["triggers"], ["tags", "Name"], ["ingress", 0, "cidr"]]` → `triggers, tags.Name, ingress[0].cidr`. */
function formatPath(path: unknown): string {
  if (!Array.isArray(path)) return typeof path === 'string' ? path : '?';
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (typeof step === 'string' && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(step))
      out += out ? `.${step}` : step;
    else if (typeof step === 'string') out += `[${JSON.stringify(step)}]`;
    else out += '[?]';
  }
  return out;
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
    forget: 0,
  };
  readonly #changes: PlanChange[] = [];
  readonly #drift: PlanSummary['drift'] = [];
  #outputChanges?: Record<string, unknown>;
  #plannedOutputs?: Record<string, unknown>;

  setFormatVersion(value: unknown): void {
    if (typeof value !== 'string' || !/^\d+\.\d+$/.test(value)) {
      throw new PlanFormatError(
        `format_version is ${describeJson(
          value,
        )}, expected a version such as "1.2"`,
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
    const where = whereOf('resource_changes', position, rc);
    if (!isRecord(rc)) throw new PlanFormatError(`${where} is not an object`);
    this.#sawPlanContent = true;
    const actions = actionsOf(rc.change, where);
    const kind = kindOf(actions, where);
    const address = stringField(rc, 'address', where);
    const type = stringField(rc, 'type', where);
    this.#counts[kind]++;
    if (kind === 'noop') return;
    const change = rc.change as Record<string, unknown>;
    const reasons: string[] = [];
    if (typeof rc.action_reason === 'string') reasons.push(rc.action_reason);
    if (Array.isArray(change.replace_paths) && change.replace_paths.length) {
      reasons.push(
        `replace paths: ${change.replace_paths.map(formatPath).join(', ')}`,
      );
    }
    this.#changes.push({
      address,
      type,
      module: typeof rc.module_address === 'string' ? rc.module_address : null,
      actions,
      replace: kind === 'replace',
      reasons,
      destructive: actions.includes('delete'),
    });
  }

  addDrift(rd: unknown, position: number): void {
    const where = whereOf('resource_drift', position, rd);
    if (!isRecord(rd)) throw new PlanFormatError(`${where} is not an object`);
    this.#sawPlanContent = true;
    const actions = actionsOf(rd.change, where);
    const address = stringField(rd, 'address', where);
    const attributes = changedAttributes(rd.change as Record<string, unknown>);
    this.#drift.push({
      address,
      actions,
      ...(attributes ? { attributes } : {}),
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
        const where = `output_changes[${JSON.stringify(oneLine(name, 80))}]`;
        const actions = actionsOf(change, where);
        const c = change as Record<string, unknown>;
        const planned = this.#plannedOutputs?.[name];
        // Any sensitive part hides the whole value, as Terraform does; format
        // 0.x only records sensitivity in planned_values.outputs.
        const sensitive =
          anyMarked(c.after_sensitive) ||
          anyMarked(c.before_sensitive) ||
          (isRecord(planned) && planned.sensitive === true);
        return {
          name,
          actions,
          sensitive,
          value: sensitive
            ? maskValue(c.after, true, false)
            : maskValue(c.after, false, c.after_unknown),
        };
      });
  }
}

/** What a JSON value is, for "the document is …, not a JSON object". */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'a JSON array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

/** Recognises the documents most often passed by mistake. */
function lookalike(doc: Record<string, unknown>): string | undefined {
  if (
    Array.isArray(doc.projects) &&
    ('totalMonthlyCost' in doc || isRecord(doc.metadata))
  ) {
    return 'this is Infracost JSON output, not `terraform show -json` output';
  }
  if ('lineage' in doc && 'serial' in doc) {
    return 'this is a raw state file (terraform.tfstate); run `terraform plan -out=tfplan && terraform show -json tfplan`';
  }
  if ('values' in doc && 'format_version' in doc) {
    return 'this is `terraform show -json` output of a state, not of a plan (it has values but no planned_values or resource_changes)';
  }
  return undefined;
}

const PLAN_KEYS = [
  'planned_values',
  'resource_changes',
  'resource_drift',
  'output_changes',
  'errored',
];

/** Summarises an already-parsed plan. */
export function summarizePlan(plan: unknown): PlanSummary {
  if (!isRecord(plan))
    throw new PlanFormatError(
      `not a Terraform plan: the document is ${jsonKind(
        plan,
      )}, not a JSON object`,
    );
  if (!PLAN_KEYS.some(key => key in plan)) {
    const guess = lookalike(plan);
    if (guess) throw new PlanFormatError(`not a Terraform plan: ${guess}`);
  }
  if (plan.format_version === undefined)
    throw new PlanFormatError(
      'not a Terraform plan: format_version is missing',
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
  if (!Array.isArray(value))
    throw new PlanFormatError(
      `${name} is ${describeJson(value)}, expected a list`,
    );
  value.forEach(add);
}
