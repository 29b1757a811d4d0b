import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DRY_RUN_REQUEST_ID,
  TfpilotActionOptions,
  checkpointKey,
  setUp,
} from './helpers';
import * as inputProps from './inputProperties';
import * as outputProps from './outputProperties';
import { examples } from './requestPromote.examples';
import { PromoteRequestPayload } from './TfpilotApiClient';

/** @public */
export const REQUEST_PROMOTE_ACTION_ID = 'tfpilot:request:promote';

/** Environment output by a dry run that was not told where to promote. */
export const DRY_RUN_NEXT_ENVIRONMENT = 'next-environment';

/**
 * `tfpilot:request:promote`: copies an applied request into the next
 * environment as a new request, as the user who runs the template.
 *
 * @public
 */
export function createTfpilotRequestPromoteAction(
  options: TfpilotActionOptions,
) {
  const { api, requestPageUrl } = setUp(options);
  return createTemplateAction({
    id: REQUEST_PROMOTE_ACTION_ID,
    description:
      'Promotes an applied TfPilot request to the next environment: creates a new request for the same module and inputs (with optional overrides) there. Refused for requests that are not applied, have drifted, or are already in the last environment.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        requestId: z =>
          inputProps
            .requestId(z)
            .describe('Id of the applied request to promote'),
        environment: inputProps.promotionEnvironment,
        inputs: inputProps.inputOverrides,
        expectedRevision: inputProps.expectedRevision,
      },
      output: {
        requestId: z =>
          outputProps
            .requestId(z)
            .describe('Id of the new request in the next environment'),
        url: outputProps.url,
        environment: z =>
          outputProps.environment(z).describe('Environment of the new request'),
      },
    },
    async handler(ctx) {
      const { requestId, environment, inputs, expectedRevision } = ctx.input;
      const body: PromoteRequestPayload = {
        ...(environment !== undefined ? { environment } : {}),
        ...(inputs !== undefined ? { inputs } : {}),
        ...(expectedRevision !== undefined ? { expectedRevision } : {}),
      };
      const target = environment ?? 'the next environment';

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would promote request ${requestId} to ${target}; nothing was created`,
        );
        ctx.output('requestId', DRY_RUN_REQUEST_ID);
        ctx.output('url', requestPageUrl(DRY_RUN_REQUEST_ID));
        ctx.output('environment', environment ?? DRY_RUN_NEXT_ENVIRONMENT);
        return;
      }

      // A retried task must not promote twice: the checkpoint keeps the copy.
      const promoted = await ctx.checkpoint({
        key: checkpointKey('request.promote', { requestId, ...body }),
        fn: async () => {
          try {
            const created = await api.promoteRequest(
              requestId,
              body,
              await ctx.getInitiatorCredentials(),
            );
            return { id: created.id, environment: created.environment };
          } catch (error) {
            ctx.logger.warn(
              `Could not promote request ${requestId} to ${target}`,
            );
            throw error;
          }
        },
      });

      const url = requestPageUrl(promoted.id);
      ctx.logger.info(
        `Promoted request ${requestId} to ${promoted.environment} as request ${promoted.id}: ${url}`,
      );
      ctx.output('requestId', promoted.id);
      ctx.output('url', url);
      ctx.output('environment', promoted.environment);
    },
  });
}
