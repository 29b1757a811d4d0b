import { RequestState } from '@tfpilot/backstage-plugin-tfpilot-common';
import { http, HttpResponse } from 'msw';
import yaml from 'yaml';
import {
  TFPILOT_URL,
  actionContext,
  actionOptions,
  schemaErrors,
} from '../__testUtils__/actionContext';
import { requestJson, setUpMswServer } from '../__testUtils__/msw';
import { createTfpilotRequestWaitAction } from './requestWait';
import { examples } from './requestWait.examples';

describe('tfpilot:request:wait examples', () => {
  const { server, requests } = setUpMswServer();
  const action = createTfpilotRequestWaitAction(actionOptions());

  it('are the ones the action shows', () => {
    expect(action.examples).toBe(examples);
    expect(examples.length).toBeGreaterThan(0);
  });

  describe.each(examples.map(e => [e.description, e] as const))(
    '%s',
    (_description, example) => {
      const step = yaml.parse(example.example).steps[0];
      const awaited: RequestState =
        step.input.until?.[0] ?? 'awaiting_approval';

      it('is a valid step of this action', () => {
        expect(step.action).toBe(action.id);
        expect(schemaErrors(action, step.input)).toEqual([]);
      });

      it('waits for the state it describes', async () => {
        const asked: string[] = [];
        server.use(
          http.get(`${TFPILOT_URL}/requests/:id`, ({ params }) => {
            asked.push(String(params.id));
            return HttpResponse.json(
              requestJson({ status: awaited, revision: 4 }),
            );
          }),
        );
        const { context, outputs } = actionContext(action, {
          input: step.input,
        });

        await action.handler(context);

        expect(asked).toEqual([step.input.requestId]);
        expect(outputs()).toEqual({ status: awaited, revision: 4 });
      });

      it('polls nothing in a dry run', async () => {
        const { context, outputs } = actionContext(action, {
          input: step.input,
          isDryRun: true,
        });

        await action.handler(context);

        expect(requests).toEqual([]);
        expect(outputs()).toEqual({ status: awaited, revision: 1 });
      });
    },
  );
});
