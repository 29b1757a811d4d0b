import { NotificationSeverity } from '@backstage/plugin-notifications-common';
import {
  blockingPolicyResults,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { NotificationEvent } from './types';

/** One labelled line of a message, e.g. `Environment: prod`. */
export interface MessageFact {
  label: string;
  value: string;
}

/**
 * A notification in neutral form; each channel lays it out. Built only from
 * validated identifiers, counts and links: never from inputs, plan values or
 * executor output, which may hold secrets.
 */
export interface RequestMessage {
  event: NotificationEvent;
  requestId: string;
  revision: number;
  /** e.g. `Plan failed: object-bucket@1.2.0 in prod`. */
  title: string;
  /** One sentence saying what happened and what it means. */
  summary: string;
  facts: MessageFact[];
  severity: NotificationSeverity;
  /** App-relative path of the request page, `/tfpilot/requests/<id>`. */
  path: string;
  /** Absolute link when `app.baseUrl` is known, else the path. */
  link: string;
}

const HEADLINES: Record<
  NotificationEvent,
  { label: string; summary: string; severity: NotificationSeverity }
> = {
  rejected: {
    label: 'Rejected by policy',
    summary: 'The request breaks policy rules and was not planned.',
    severity: 'normal',
  },
  plan_failed: {
    label: 'Plan failed',
    summary: 'The plan run failed; nothing was changed.',
    severity: 'high',
  },
  approval_required: {
    label: 'Approval required',
    summary: 'A plan is ready and waits for an approver.',
    severity: 'normal',
  },
  applied: {
    label: 'Apply complete',
    summary: 'The planned changes were applied.',
    severity: 'normal',
  },
  apply_failed: {
    label: 'Apply failed',
    summary: 'The apply run failed; the infrastructure may be partly changed.',
    severity: 'high',
  },
  destroyed: {
    label: 'Destroyed',
    summary: "The request's infrastructure was destroyed.",
    severity: 'normal',
  },
  destroy_failed: {
    label: 'Destroy failed',
    summary: 'The destroy run failed; some resources may remain.',
    severity: 'high',
  },
  drift_detected: {
    label: 'Drift detected',
    summary: "The infrastructure no longer matches the request's code.",
    severity: 'high',
  },
};

/** Only printable characters, at most `max` of them (rule ids come from config). */
function clean(text: string, max = 64): string {
  // eslint-disable-next-line no-control-regex
  const printable = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  return printable.length > max ? `${printable.slice(0, max - 1)}…` : printable;
}

function planFact(record: TfRequest): MessageFact[] {
  const counts = record.plan?.summary.counts;
  if (!counts) return [];
  const value = [
    `${counts.create} to add`,
    `${counts.update} to change`,
    `${counts.replace} to replace`,
    `${counts.delete} to destroy`,
  ].join(', ');
  return [{ label: 'Plan', value }];
}

function money(amount: number, currency: string, signed: boolean): string {
  const sign = signed && amount > 0 ? '+' : '';
  return `${sign}${amount.toFixed(2)} ${clean(currency, 8)}`;
}

function costFact(record: TfRequest): MessageFact[] {
  const summary = record.cost?.summary;
  if (!summary || summary.diffTotalMonthlyCost === null) return [];
  const diff = money(summary.diffTotalMonthlyCost, summary.currency, true);
  const total =
    summary.totalMonthlyCost === null
      ? ''
      : ` (total ${money(summary.totalMonthlyCost, summary.currency, false)})`;
  return [{ label: 'Monthly cost', value: `${diff}${total}` }];
}

/** Rule ids only: a finding's message may quote the inputs it checked. */
function policyFacts(record: TfRequest, label: string): MessageFact[] {
  const blocking = blockingPolicyResults(record.policy);
  if (blocking.length === 0) return [];
  const rules = [...new Set(blocking.map(r => clean(r.ruleId)))].join(', ');
  return [{ label, value: `${blocking.length} (rules: ${clean(rules, 300)})` }];
}

/** The run behind this event, as a link to its logs; never its message. */
function runFact(record: TfRequest): MessageFact[] {
  const run = record.runs.find(r => r.runId === record.event.runId);
  return run?.url ? [{ label: 'Run', value: run.url }] : [];
}

function eventFacts(event: NotificationEvent, record: TfRequest) {
  switch (event) {
    case 'rejected':
      return policyFacts(record, 'Violations');
    case 'approval_required':
      return [
        ...planFact(record),
        ...costFact(record),
        ...policyFacts(record, 'Blocking findings'),
      ];
    case 'applied':
      return [...planFact(record), ...runFact(record)];
    case 'drift_detected':
      return record.drift?.lastCheckedAt
        ? [{ label: 'Checked at', value: record.drift.lastCheckedAt }]
        : [];
    default:
      return runFact(record);
  }
}

export function requestPath(requestId: string): string {
  return `/tfpilot/requests/${encodeURIComponent(requestId)}`;
}

/** The message for `event` on this revision; `appBaseUrl` makes links absolute. */
export function renderRequestMessage(
  event: NotificationEvent,
  record: TfRequest,
  appBaseUrl?: string,
): RequestMessage {
  const headline = HEADLINES[event];
  const moduleRef = `${record.module.name}@${record.module.version}`;
  const path = requestPath(record.id);
  return {
    event,
    requestId: record.id,
    revision: record.revision,
    title: `${headline.label}: ${moduleRef} in ${record.environment}`,
    summary: headline.summary,
    facts: [
      { label: 'Request', value: record.id },
      { label: 'Module', value: moduleRef },
      { label: 'Environment', value: record.environment },
      { label: 'Entity', value: record.entityRef },
      { label: 'Owner', value: record.owner },
      ...eventFacts(event, record),
    ],
    severity: headline.severity,
    path,
    link: appBaseUrl ? `${appBaseUrl}${path}` : path,
  };
}
