import { mockCredentials } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import {
  APP_BASE_URL,
  JANE,
  TFPILOT_URL,
  actionContext,
  actionOptions,
  schemaErrors,
} from '../__testUtils__/actionContext';
import {
  OTHER_REQUEST_ID,
  REQUEST_ID,
  errorJson,
  requestJson,
  setUpMswServer,
} from '../__testUtils__/msw';
import { createTfpilotRequestPromoteAction } from './requestPromote';

const PROMOTE_URL = `${TFPILOT_URL}/requests/${REQUEST_ID}/promote`;

describe('tfpilot:request:promote', () => {
  const { server, requests } = setUpMswServer();
  const action = createTfpilotRequestPromoteAction(actionOptions());

  /** Answers the promotion with a new request in `environment`. */
  function acceptPromotion(environment = 'stage', id = OTHER_REQUEST_ID) {
    const received: { body: unknown; authorization: string | null }[] = [];
    server.use(
      http.post(PROMOTE_URL, async ({ request }) => {
        received.push({
          body: await request.json(),
          authorization: request.headers.get('authorization'),
        });
        return HttpResponse.json(requestJson({ id, environment }), {
          status: 201,
        });
      }),
    );
    return received;
  }

  describe('input schema', () => {
    it('needs only the request id', () => {
      expect(schemaErrors(action, { requestId: REQUEST_ID })).toEqual([]);
      expect(schemaErrors(action, {})).toEqual([
        'instance requires property "requestId"',
      ]);
    });

    it('takes a whole revision of at least 1 and overrides as an object', () => {
      expect(
        schemaErrors(action, {
          requestId: REQUEST_ID,
          environment: 'stage',
          inputs: { size: 'large' },
          expectedRevision: 3,
        }),
      ).toEqual([]);
      expect(
        schemaErrors(action, {
          requestId: REQUEST_ID,
          expectedRevision: 0,
          inputs: 'size=large',
        }),
      ).toEqual([
        'instance.inputs is not of a type(s) object',
        'instance.expectedRevision must be greater than or equal to 1',
      ]);
      expect(
        schemaErrors(action, { requestId: REQUEST_ID, expectedRevision: 2.5 }),
      ).toEqual(['instance.expectedRevision is not of a type(s) integer']);
    });
  });

  it('promotes as the initiator and outputs the new request', async () => {
    const received = acceptPromotion('stage');
    const { context, outputs, logLines } = actionContext(action, {
      input: {
        requestId: REQUEST_ID,
        environment: 'stage',
        inputs: { instance_type: 'm6i.large' },
        expectedRevision: 9,
      },
    });

    await action.handler(context);

    expect(received).toEqual([
      {
        body: {
          environment: 'stage',
          inputs: { instance_type: 'm6i.large' },
          expectedRevision: 9,
        },
        authorization: mockCredentials.service.header({
          onBehalfOf: mockCredentials.user(JANE),
          targetPluginId: 'tfpilot',
        }),
      },
    ]);
    expect(outputs()).toEqual({
      requestId: OTHER_REQUEST_ID,
      url: `${APP_BASE_URL}/tfpilot/requests/${OTHER_REQUEST_ID}`,
      environment: 'stage',
    });
    expect(logLines()).toContain(
      `Promoted request ${REQUEST_ID} to stage as request ${OTHER_REQUEST_ID}: ${APP_BASE_URL}/tfpilot/requests/${OTHER_REQUEST_ID}`,
    );
  });

  it('lets TfPilot pick the next environment, and outputs it', async () => {
    const received = acceptPromotion('prod');
    const { context, outputs } = actionContext(action, {
      input: { requestId: REQUEST_ID },
    });

    await action.handler(context);

    expect(received[0].body).toEqual({});
    expect(outputs().environment).toBe('prod');
  });

  it.each([
    [
      409,
      'ConflictError',
      `Cannot promote request ${REQUEST_ID}: only applied requests can be promoted (current state: awaiting_approval)`,
    ],
    [
      409,
      'ConflictError',
      `Cannot promote request ${REQUEST_ID}: its infrastructure is not in sync (drift: drifted); resolve the drift first`,
    ],
    [
      400,
      'InputError',
      'environment: must be stage, the environment after dev (promotion goes one environment at a time)',
    ],
    [404, 'NotFoundError', `No request with id "${REQUEST_ID}"`],
  ])(
    'fails on HTTP %i with TfPilot’s reason: %s',
    async (status, name, message) => {
      server.use(
        http.post(PROMOTE_URL, () => errorJson(status, name, message)),
      );
      const { context, outputs, logger } = actionContext(action, {
        input: { requestId: REQUEST_ID, environment: 'prod' },
      });

      await expect(action.handler(context)).rejects.toMatchObject({
        name,
        message: `TfPilot refused to promote request ${REQUEST_ID} (HTTP ${status}): ${message}`,
      });
      expect(outputs()).toEqual({});
      expect(logger.warn).toHaveBeenCalledWith(
        `Could not promote request ${REQUEST_ID} to prod`,
      );
    },
  );

  it('calls nothing in a dry run', async () => {
    const { context, outputs, logLines } = actionContext(action, {
      input: { requestId: REQUEST_ID, inputs: { size: 'large' } },
      isDryRun: true,
    });

    await action.handler(context);

    expect(requests).toEqual([]);
    expect(outputs()).toEqual({
      requestId: 'dry-run',
      url: `${APP_BASE_URL}/tfpilot/requests/dry-run`,
      environment: 'next-environment',
    });
    expect(logLines()).toEqual([
      `Dry run: would promote request ${REQUEST_ID} to the next environment; nothing was created`,
    ]);
  });

  it('outputs the given environment in a dry run', async () => {
    const { context, outputs } = actionContext(action, {
      input: { requestId: REQUEST_ID, environment: 'prod' },
      isDryRun: true,
    });

    await action.handler(context);

    expect(outputs().environment).toBe('prod');
  });

  it('promotes once on a retried task', async () => {
    const received = acceptPromotion('stage');
    const checkpoints = new Map<string, unknown>();
    const input = { requestId: REQUEST_ID, inputs: { size: 'large' } };

    const first = actionContext(action, { input, checkpoints });
    await action.handler(first.context);
    const retry = actionContext(action, { input, checkpoints });
    await action.handler(retry.context);

    expect(received).toHaveLength(1);
    expect(retry.outputs()).toEqual(first.outputs());
  });

  it('tells promotions of different requests apart', async () => {
    acceptPromotion('stage');
    server.use(
      http.post(`${TFPILOT_URL}/requests/${OTHER_REQUEST_ID}/promote`, () =>
        HttpResponse.json(requestJson({ environment: 'prod' }), {
          status: 201,
        }),
      ),
    );
    const checkpoints = new Map<string, unknown>();

    for (const requestId of [REQUEST_ID, OTHER_REQUEST_ID]) {
      const { context } = actionContext(action, {
        input: { requestId },
        checkpoints,
      });
      await action.handler(context);
    }

    expect(requests).toEqual([
      `POST /api/tfpilot/requests/${REQUEST_ID}/promote`,
      `POST /api/tfpilot/requests/${OTHER_REQUEST_ID}/promote`,
    ]);
  });
});
