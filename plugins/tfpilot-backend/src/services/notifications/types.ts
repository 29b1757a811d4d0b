/**
 * What TfPilot notifies about. Names follow the lifecycle events where they
 * coincide; `approval_required` is the `approval_requested` event and
 * `drift_detected` a drift check that found new drift.
 */
export const NOTIFICATION_EVENTS = [
  'rejected',
  'plan_failed',
  'approval_required',
  'applied',
  'apply_failed',
  'destroyed',
  'destroy_failed',
  'drift_detected',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** Where a notification goes. */
export const NOTIFICATION_CHANNELS = ['inApp', 'email', 'slack'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Audiences a route can name besides entity refs. */
export const OWNER_AUDIENCE = 'owner';
export const APPROVERS_AUDIENCE = 'approvers';

/** One routing rule of `tfpilot.notifications.routes`, with defaults applied. */
export interface NotificationRoute {
  /** Events the route is for. */
  events: readonly NotificationEvent[];
  /** Environments it is limited to; any when absent. */
  environments?: readonly string[];
  /**
   * Groups the request's owner must belong to (directly or through a
   * parent group); any owner when absent. Lower-case entity refs.
   */
  ownerGroups?: readonly string[];
  /** `owner`, `approvers`, or user/group entity refs (lower-case). */
  notify: readonly string[];
  /** Fixed email addresses (a team list), besides the people in `notify`. */
  emails: readonly string[];
  channels: readonly NotificationChannel[];
  /** Slack channel of this route; `slack.defaultChannel` when absent. */
  slackChannel?: string;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  auth?: { user: string; pass: string };
}

export interface EmailSettings {
  from: string;
  replyTo?: string;
  smtp: SmtpSettings;
}

export type SlackSettings =
  | {
      mode: 'api';
      token: string;
      /** `https://slack.com/api` unless configured (proxies, tests). */
      apiBaseUrl: string;
      defaultChannel?: string;
    }
  | { mode: 'webhook'; webhookUrl: string };

export interface RetrySettings {
  /** Tries per delivery, the first one included. */
  attempts: number;
  /** Wait before the second try; doubled for each further try. */
  backoffMs: number;
  /** Longest wait between tries, also for a server's Retry-After. */
  maxBackoffMs: number;
}

/** `tfpilot.notifications`, read and checked, with defaults applied. */
export interface NotificationSettings {
  enabled: boolean;
  routes: readonly NotificationRoute[];
  /** `tfpilot.rbac.roles.approver`, lower-case. */
  approvers: readonly string[];
  email?: EmailSettings;
  slack?: SlackSettings;
  retry: RetrySettings;
  /** `app.baseUrl` without a trailing slash, for links in email and Slack. */
  appBaseUrl?: string;
}
