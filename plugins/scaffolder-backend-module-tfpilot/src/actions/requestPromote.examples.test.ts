import { http, HttpResponse } from 'msw';
import yaml from 'yaml';
import {
  APP_BASE_URL,
  TFPILOT_URL,
  actionContext,
  actionOptions,
  schemaErrors,
} from '../__testUtils__/actionContext';
import {
  OTHER_REQUEST_ID,
  requestJson,
  setUpMswServer,
} from '../__testUtils__/msw';
import { createTfpilotRequestPromoteAction } from './requestPromote';
import { examples } from './requestPromote.examples';

describe('tfpilot:request:promote examples', () => {
  const { server, requests } = setUpMswServer();
  const action = createTfpilotRequestPromoteAction(actionOptions());

  it('are the ones the action shows', () => {
    expect(action.examples).toBe(examples);
    expect(examples.length).toBeGreaterThan(0);
  });

  describe.each(examples.map(e => [e.description, e] as const))(
    '%s',
    (_description, example) => {
      const step = yaml.parse(example.example).steps[0];
      const { requestId, ...body } = step.input;
      const environment: string = step.input.environment ?? 'stage';

      it('is a valid step of this action', () => {
        expect(step.action).toBe(action.id);
        expect(schemaErrors(action, step.input)).toEqual([]);
      });

      it('promotes the request it describes', async () => {
        const received: { id: string; body: unknown }[] = [];
        server.use(
          http.post(
            `${TFPILOT_URL}/requests/:id/promote`,
            async ({ params, request }) => {
              received.push({
                id: String(params.id),
                body: await request.json(),
              });
              return HttpResponse.json(
                requestJson({ id: OTHER_REQUEST_ID, environment }),
                { status: 201 },
              );
            },
          ),
        );
        const { context, outputs } = actionContext(action, {
          input: step.input,
        });

        await action.handler(context);

        expect(received).toEqual([{ id: requestId, body }]);
        expect(outputs()).toEqual({
          requestId: OTHER_REQUEST_ID,
          url: `${APP_BASE_URL}/tfpilot/requests/${OTHER_REQUEST_ID}`,
          environment,
        });
      });

      it('calls nothing in a dry run', async () => {
        const { context, outputs } = actionContext(action, {
          input: step.input,
          isDryRun: true,
        });

        await action.handler(context);

        expect(requests).toEqual([]);
        expect(Object.keys(outputs())).toEqual([
          'requestId',
          'url',
          'environment',
        ]);
      });
    },
  );
});
