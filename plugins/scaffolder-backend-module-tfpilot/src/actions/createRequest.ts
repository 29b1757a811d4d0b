import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { TfpilotApiClient } from './TfpilotApiClient';

export const CREATE_REQUEST_ACTION_ID = 'tfpilot:request:create';

/** Creates an immutable TfPilot request for one module in one environment. */
export function createTfpilotRequestAction(options: {
  api: TfpilotApiClient;
  appBaseUrl: string;
}) {
  const { api, appBaseUrl } = options;
  return createTemplateAction({
    id: CREATE_REQUEST_ACTION_ID,
    description:
      'Creates a TfPilot request: one module instance in one environment, planned and applied by the platform',
    supportsDryRun: true,
    schema: {
      input: {
        module: z =>
          z.string({
            description: 'Name of the platform module, e.g. s3-bucket',
          }),
        version: z => z.string({ description: 'Module version, e.g. 1.2.0' }),
        environment: z =>
          z.string({ description: 'Target environment, e.g. dev' }),
        inputs: z =>
          z
            .record(z.unknown(), {
              description: "Values for the module's variables",
            })
            .default({}),
        entityRef: z =>
          z.string({
            description:
              'Catalog entity the infrastructure serves, e.g. component:default/checkout',
          }),
      },
      output: {
        requestId: z => z.string({ description: 'Id of the new request' }),
        url: z => z.string({ description: 'Page of the request in Backstage' }),
      },
    },
    async handler(ctx) {
      const { module, version, environment, inputs, entityRef } = ctx.input;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would request ${module}@${version} in ${environment} for ${entityRef}`,
        );
        ctx.output('requestId', 'dry-run');
        ctx.output('url', `${appBaseUrl}/tfpilot`);
        return;
      }
      const { id } = await ctx.checkpoint({
        key: `tfpilot.request.create.${ctx.task.id}`,
        fn: async () =>
          api.createRequest(
            {
              module: { name: module, version },
              environment,
              inputs,
              entityRef,
            },
            await ctx.getInitiatorCredentials(),
          ),
      });
      ctx.logger.info(`Created TfPilot request ${id}`);
      ctx.output('requestId', id);
      ctx.output(
        'url',
        `${appBaseUrl}/tfpilot/requests/${encodeURIComponent(id)}`,
      );
    },
  });
}
