import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DRY_RUN_REQUEST_ID,
  TfpilotActionOptions,
  checkpointKey,
  setUp,
} from './helpers';
import * as inputProps from './inputProperties';
import * as outputProps from './outputProperties';
import { examples } from './requestCreate.examples';
import { CreateRequestPayload } from './TfpilotApiClient';

/** @public */
export const REQUEST_CREATE_ACTION_ID = 'tfpilot:request:create';

/**
 * `tfpilot:request:create`: submits a TfPilot request for one module in one
 * environment, as the user who runs the template.
 *
 * @public
 */
export function createTfpilotRequestCreateAction(
  options: TfpilotActionOptions,
) {
  const { api, requestPageUrl } = setUp(options);
  return createTemplateAction({
    id: REQUEST_CREATE_ACTION_ID,
    description:
      'Creates a TfPilot request: one module instance in one environment, planned and applied by the platform. The request is created on behalf of the user running the template, so TfPilot permissions apply to them.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        module: inputProps.moduleName,
        version: inputProps.moduleVersion,
        environment: inputProps.environment,
        inputs: inputProps.inputs,
        entityRef: inputProps.entityRef,
        plan: inputProps.startPlan,
      },
      output: {
        requestId: outputProps.requestId,
        url: outputProps.url,
      },
    },
    async handler(ctx) {
      const { module, version, environment, inputs, entityRef } = ctx.input;
      const startPlan = ctx.input.plan ?? false;
      const templateRef = ctx.templateInfo?.entityRef;
      const body: CreateRequestPayload = {
        module: { name: module, version },
        environment,
        inputs: inputs ?? {},
        entityRef,
        ...(templateRef ? { templateRef } : {}),
      };

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would request ${module}@${version} in ${environment} for ${entityRef}; nothing was created`,
        );
        ctx.output('requestId', DRY_RUN_REQUEST_ID);
        ctx.output('url', requestPageUrl(DRY_RUN_REQUEST_ID));
        return;
      }

      // On a retried task the checkpoint hands back the request made before.
      const created = await ctx.checkpoint({
        key: checkpointKey('request.create', body),
        fn: async () => {
          try {
            const request = await api.createRequest(
              body,
              await ctx.getInitiatorCredentials(),
            );
            return { id: request.id, status: request.status };
          } catch (error) {
            ctx.logger.warn(
              `Could not create the TfPilot request for ${module}@${version} in ${environment}`,
            );
            throw error;
          }
        },
      });
      const id = created.id;
      if (created.status === 'rejected') {
        ctx.logger.warn(
          `TfPilot request ${id} was rejected by policy; its page lists every violation`,
        );
      } else if (startPlan) {
        // A request that passed the policy checks goes straight to its plan.
        await ctx.checkpoint({
          key: checkpointKey('request.plan', { id }),
          fn: async () => {
            const planning = await api.planRequest(
              id,
              await ctx.getInitiatorCredentials(),
            );
            return planning.status;
          },
        });
        ctx.logger.info(`Started the plan of TfPilot request ${id}`);
      }

      const url = requestPageUrl(id);
      ctx.logger.info(
        `TfPilot request ${id} for ${module}@${version} in ${environment}: ${url}`,
      );
      ctx.output('requestId', id);
      ctx.output('url', url);
    },
  });
}
