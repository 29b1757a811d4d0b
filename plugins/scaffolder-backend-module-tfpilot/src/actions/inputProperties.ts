import { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import {
  REQUEST_STATES,
  RequestState,
} from '@tfpilot/backstage-plugin-tfpilot-common';

type SchemaFields = NonNullable<
  NonNullable<TemplateActionOptions['schema']>['input']
>;

/** The zod (v3 API) the scaffolder hands to schema callbacks. */
export type Zod = Parameters<SchemaFields[string]>[0];

/*
 * Zod fragments shared by the tfpilot:* actions. The scaffolder checks step
 * input against the JSON Schema made from them but does not apply defaults,
 * so defaulted properties are optional here, say their default, and each
 * handler applies it.
 */

export const requestId = (z: Zod) =>
  z
    .string({
      description:
        'Id of a TfPilot request, e.g. the requestId output of tfpilot:request:create',
    })
    .min(1)
    .max(64);

export const moduleName = (z: Zod) =>
  z.string({ description: 'Name of the platform module, e.g. s3-bucket' });

export const moduleVersion = (z: Zod) =>
  z.string({ description: 'Module version, e.g. 1.2.0' });

export const environment = (z: Zod) =>
  z.string({ description: 'Target environment, e.g. dev' });

export const entityRef = (z: Zod) =>
  z.string({
    description:
      'Catalog entity the infrastructure serves, e.g. component:default/checkout',
  });

export const inputs = (z: Zod) =>
  z
    .record(z.unknown(), {
      description: "Values for the module's variables. Defaults to none.",
    })
    .optional();

export const startPlan = (z: Zod) =>
  z
    .boolean({
      description:
        'Start the plan as soon as the request passes the policy checks (default false: the request stays submitted for someone to plan). Generated templates set it.',
    })
    .optional();

export const promotionEnvironment = (z: Zod) =>
  z
    .string({
      description:
        "Environment to promote to. Promotion goes one environment at a time, so this can only be the environment after the request's; defaults to it.",
    })
    .optional();

export const inputOverrides = (z: Zod) =>
  z
    .record(z.unknown(), {
      description:
        "Inputs that replace the promoted request's values in the new environment (e.g. a bigger instance in prod); the others are copied.",
    })
    .optional();

export const expectedRevision = (z: Zod) =>
  z
    .number({
      description:
        'Refuse unless the request is still at this revision (e.g. the revision output of tfpilot:request:wait), so nothing that happened since is promoted unseen.',
    })
    .int()
    .min(1)
    .optional();

/** What `tfpilot:request:wait` waits for when `until` is not given. */
export const DEFAULT_WAIT_UNTIL: readonly RequestState[] = [
  'awaiting_approval',
];
export const DEFAULT_WAIT_TIMEOUT_MINUTES = 30;
/** A day: longer waits belong in the request's own notifications. */
export const MAX_WAIT_TIMEOUT_MINUTES = 24 * 60;
export const DEFAULT_POLL_INTERVAL_SECONDS = 5;
export const MIN_POLL_INTERVAL_SECONDS = 1;
export const MAX_POLL_INTERVAL_SECONDS = 10 * 60;

export const until = (z: Zod) =>
  z
    .array(z.enum(REQUEST_STATES), {
      description: `Request states that end the wait successfully. Defaults to ${DEFAULT_WAIT_UNTIL.join(
        ', ',
      )}.`,
    })
    .min(1)
    .optional();

export const timeoutMinutes = (z: Zod) =>
  z
    .number({
      description: `How long to wait before failing, in minutes. Defaults to ${DEFAULT_WAIT_TIMEOUT_MINUTES}, at most ${MAX_WAIT_TIMEOUT_MINUTES}.`,
    })
    .positive()
    .max(MAX_WAIT_TIMEOUT_MINUTES)
    .optional();

export const pollIntervalSeconds = (z: Zod) =>
  z
    .number({
      description: `How often to check the request, in seconds. Defaults to ${DEFAULT_POLL_INTERVAL_SECONDS}.`,
    })
    .min(MIN_POLL_INTERVAL_SECONDS)
    .max(MAX_POLL_INTERVAL_SECONDS)
    .optional();
