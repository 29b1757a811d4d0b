import {
  formatMoney,
  formatMoneyDiff,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { ActionName } from '../../../hooks/requestActions';

export interface ActionDescription {
  title: string;
  /** What will happen, in sentences. */
  lines: string[];
  /** What deserves a second look before confirming. */
  warnings: string[];
  confirmLabel: string;
}

function target(request: TfRequest): string {
  return `${request.module.name}@${request.module.version} in ${request.environment}`;
}

/** "3 to create, 1 to update, 0 to replace, 1 to delete" of the latest plan. */
function changeCounts(request: TfRequest): string | undefined {
  const counts = request.plan?.summary.counts;
  if (!counts) return undefined;
  const forget = counts.forget ? `, ${counts.forget} to forget` : '';
  return `${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.delete} to delete${forget}`;
}

/** "$120.00 → $150.00 a month (+$30.00)" of the latest estimate. */
function costChange(request: TfRequest): string | undefined {
  const summary = request.cost?.summary;
  if (!summary) return undefined;
  const { currency } = summary;
  return `${formatMoney(
    summary.pastTotalMonthlyCost,
    currency,
  )} → ${formatMoney(
    summary.totalMonthlyCost,
    currency,
  )} a month (${formatMoneyDiff(summary.diffTotalMonthlyCost, currency)})`;
}

function destructiveWarning(request: TfRequest): string[] {
  const counts = request.plan?.summary.counts;
  const n = counts ? counts.delete + counts.replace : 0;
  return n > 0
    ? [`${n} existing resource(s) will be deleted or replaced.`]
    : [];
}

/** What confirming an action does to this request, in the dialog's words. */
export function describeAction(
  request: TfRequest,
  action: ActionName,
): ActionDescription {
  const where = target(request);
  const counts = changeCounts(request);
  const cost = costChange(request);
  const production =
    request.environment === 'prod' || request.environment === 'production';
  switch (action) {
    case 'plan':
      return {
        title: `Plan ${where}`,
        lines: [
          'Starts a plan run in the executor. It computes what would change; nothing changes in your infrastructure until the plan is approved and applied.',
        ],
        warnings: [],
        confirmLabel: 'Start plan',
      };
    case 'approve':
      return {
        title: `Approve ${where}`,
        lines: [
          `Approves the latest plan${counts ? `: ${counts}` : ''}.`,
          ...(cost ? [`Monthly cost: ${cost}.`] : []),
          'Once approved, it can be applied.',
        ],
        warnings: destructiveWarning(request),
        confirmLabel: 'Approve',
      };
    case 'apply':
      return {
        title: `Apply ${where}`,
        lines: [
          counts
            ? `Changes the infrastructure as planned: ${counts}.`
            : 'Changes the infrastructure as planned (no plan summary was recorded).',
          cost ? `Monthly cost: ${cost}.` : 'No cost estimate was recorded.',
        ],
        warnings: [
          ...destructiveWarning(request),
          ...(production ? ['This is a production environment.'] : []),
        ],
        confirmLabel: 'Apply',
      };
    case 'destroy': {
      const summary = request.cost?.summary;
      const plan = request.plan?.summary.counts;
      const managed = plan
        ? plan.create + plan.update + plan.replace + plan.noop + plan.forget
        : undefined;
      return {
        title: `Destroy ${where}`,
        lines: [
          managed !== undefined
            ? `Deletes every resource the request manages: the last plan covered ${managed} resource(s).`
            : 'Deletes every resource the request manages.',
          summary && summary.totalMonthlyCost !== null
            ? `Monthly cost: ${formatMoney(
                summary.totalMonthlyCost,
                summary.currency,
              )} → ${formatMoney(0, summary.currency)} (${formatMoneyDiff(
                -summary.totalMonthlyCost,
                summary.currency,
              )}).`
            : 'No cost estimate was recorded.',
        ],
        warnings: [
          'This cannot be undone: data held by these resources is lost.',
          ...(production ? ['This is a production environment.'] : []),
        ],
        confirmLabel: 'Destroy',
      };
    }
    case 'cancel':
      return {
        title: `Cancel ${where}`,
        lines: [
          'Cancels the request for good: it can no longer be planned or applied. A run in flight is abandoned and its leftovers cleaned up. Your reason is kept in the history.',
        ],
        warnings: [],
        confirmLabel: 'Cancel request',
      };
    case 'promote':
      return {
        title: `Promote ${where}`,
        lines: [
          `Creates a new request for ${request.module.name}@${request.module.version} in the environment after ${request.environment}, with the same inputs, for ${request.entityRef}.`,
          'It starts as submitted and is planned, approved and applied there like any other request.',
        ],
        warnings: [],
        confirmLabel: 'Promote',
      };
    default:
      throw new Error(`unknown action ${action as string}`);
  }
}
