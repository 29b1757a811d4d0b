import { http, HttpResponse } from 'msw';
import yaml from 'yaml';
import {
  APP_BASE_URL,
  TFPILOT_URL,
  actionContext,
  actionOptions,
  schemaErrors,
} from '../__testUtils__/actionContext';
import { REQUEST_ID, requestJson, setUpMswServer } from '../__testUtils__/msw';
import { createTfpilotRequestCreateAction } from './requestCreate';
import { examples } from './requestCreate.examples';

describe('tfpilot:request:create examples', () => {
  const { server, requests } = setUpMswServer();
  const action = createTfpilotRequestCreateAction(actionOptions());

  it('are the ones the action shows', () => {
    expect(action.examples).toBe(examples);
    expect(examples.length).toBeGreaterThan(0);
  });

  describe.each(examples.map(e => [e.description, e] as const))(
    '%s',
    (_description, example) => {
      const step = yaml.parse(example.example).steps[0];

      it('is a valid step of this action', () => {
        expect(step.action).toBe(action.id);
        expect(schemaErrors(action, step.input)).toEqual([]);
      });

      it('creates the request it describes', async () => {
        const bodies: unknown[] = [];
        server.use(
          http.post(`${TFPILOT_URL}/requests`, async ({ request }) => {
            bodies.push(await request.json());
            return HttpResponse.json(requestJson(), { status: 201 });
          }),
        );
        const { context, outputs } = actionContext(action, {
          input: step.input,
        });

        await action.handler(context);

        expect(bodies).toEqual([
          {
            module: { name: step.input.module, version: step.input.version },
            environment: step.input.environment,
            inputs: step.input.inputs ?? {},
            entityRef: step.input.entityRef,
          },
        ]);
        expect(outputs()).toEqual({
          requestId: REQUEST_ID,
          url: `${APP_BASE_URL}/tfpilot/requests/${REQUEST_ID}`,
        });
      });

      it('calls nothing in a dry run', async () => {
        const { context, outputs } = actionContext(action, {
          input: step.input,
          isDryRun: true,
        });

        await action.handler(context);

        expect(requests).toEqual([]);
        expect(Object.keys(outputs())).toEqual(['requestId', 'url']);
      });
    },
  );
});
