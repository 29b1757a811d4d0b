import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import { lowerRef } from './addresses';
import { SLACK_WEBHOOK_RECIPIENT } from './channels/slack';
import {
  APPROVERS_AUDIENCE,
  NotificationChannel,
  NotificationEvent,
  NotificationRoute,
  OWNER_AUDIENCE,
  SlackSettings,
} from './types';

/** One message to send: a channel and who (or where) on it. */
export interface PlannedDelivery {
  channel: NotificationChannel;
  recipient: string;
}

/** Whether a route applies, before looking at the owner's groups. */
export function routeMatchesRequest(
  route: NotificationRoute,
  event: NotificationEvent,
  record: TfRequest,
): boolean {
  return (
    route.events.includes(event) &&
    (!route.environments || route.environments.includes(record.environment))
  );
}

/** Owner-group filter: `ownerGroups` holds every group the owner belongs to. */
export function routeMatchesOwner(
  route: NotificationRoute,
  record: TfRequest,
  ownerGroups: ReadonlySet<string>,
): boolean {
  if (!route.ownerGroups) return true;
  return route.ownerGroups.some(
    group => group === lowerRef(record.owner) || ownerGroups.has(group),
  );
}

/** The entity refs a route's `notify` stands for, for this request. */
export function audienceRefs(
  route: NotificationRoute,
  record: TfRequest,
  approvers: readonly string[],
): string[] {
  const refs = route.notify.flatMap(entry => {
    if (entry === OWNER_AUDIENCE) return [lowerRef(record.owner)];
    if (entry === APPROVERS_AUDIENCE) return [...approvers];
    return [entry];
  });
  return [...new Set(refs)];
}

/** Where a route's Slack messages go; undefined when nowhere is configured. */
export function slackRecipient(
  route: NotificationRoute,
  slack: SlackSettings | undefined,
): string | undefined {
  if (!slack) return undefined;
  if (slack.mode === 'webhook') return SLACK_WEBHOOK_RECIPIENT;
  return route.slackChannel ?? slack.defaultChannel;
}

/** Keeps the first of each channel + recipient (case-insensitive). */
export function uniqueDeliveries(
  deliveries: readonly PlannedDelivery[],
): PlannedDelivery[] {
  const seen = new Map<string, PlannedDelivery>();
  for (const delivery of deliveries) {
    const key = `${delivery.channel}\u0000${lowerRef(delivery.recipient)}`;
    if (!seen.has(key)) seen.set(key, delivery);
  }
  return [...seen.values()];
}
