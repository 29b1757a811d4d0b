import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  REQUEST_STATES,
  TFPILOT_PLUGIN_ID,
  TFPILOT_REQUEST_RESOURCE_TYPE,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { z } from 'zod';

/**
 * A condition on indexed request columns, as the TfPilot backend turns
 * conditional decisions into database filters.
 */
export type TfpilotRequestQuery = {
  property: 'owner' | 'environment' | 'status';
  values: string[];
};

export const tfpilotRequestResourceRef = createPermissionResourceRef<
  TfRequest,
  TfpilotRequestQuery
>().with({
  pluginId: TFPILOT_PLUGIN_ID,
  resourceType: TFPILOT_REQUEST_RESOURCE_TYPE,
});

const lower = (values: string[]) =>
  values.map(v => v.toLocaleLowerCase('en-US'));

/** The request's owner is one of the given refs (typically the user's ownership refs). */
export const isRequestOwner = createPermissionRule({
  name: 'IS_OWNER',
  description: 'Allow requests owned by one of the given users or groups',
  resourceRef: tfpilotRequestResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs of the user and their groups'),
  }),
  apply: (request, { claims }) =>
    lower(claims).includes(request.owner.toLocaleLowerCase('en-US')),
  toQuery: ({ claims }) => ({ property: 'owner', values: lower(claims) }),
});

/** The request targets one of the given environments. */
export const isInEnvironment = createPermissionRule({
  name: 'IS_IN_ENVIRONMENT',
  description: 'Allow requests that target one of the given environments',
  resourceRef: tfpilotRequestResourceRef,
  paramsSchema: z.object({
    environments: z.array(z.string()).describe('Environment names'),
  }),
  apply: (request, { environments }) =>
    environments.includes(request.environment),
  toQuery: ({ environments }) => ({
    property: 'environment',
    values: environments,
  }),
});

/** The request is in one of the given lifecycle states. */
export const hasStatus = createPermissionRule({
  name: 'HAS_STATUS',
  description: 'Allow requests in one of the given lifecycle states',
  resourceRef: tfpilotRequestResourceRef,
  paramsSchema: z.object({
    statuses: z.array(z.enum(REQUEST_STATES)).describe('Lifecycle states'),
  }),
  apply: (request, { statuses }) => statuses.includes(request.status),
  toQuery: ({ statuses }) => ({ property: 'status', values: statuses }),
});

export const tfpilotRequestRules = {
  isRequestOwner,
  isInEnvironment,
  hasStatus,
};

const conditionExports = createConditionExports({
  resourceRef: tfpilotRequestResourceRef,
  rules: tfpilotRequestRules,
});

/** Conditions for permission policies, e.g. `tfpilotRequestConditions.isRequestOwner({ claims })`. */
export const tfpilotRequestConditions = conditionExports.conditions;
/** Wraps conditions into a conditional decision for a `tfpilot-request` permission. */
export const createTfpilotRequestConditionalDecision =
  conditionExports.createConditionalDecision;
