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
import { createTfpilotRequestCreateAction } from './requestCreate';

describe('tfpilot:request:create', () => {
  const { server, requests } = setUpMswServer();
  const action = createTfpilotRequestCreateAction(actionOptions());
  const input = {
    module: 's3-bucket',
    version: '1.0.0',
    environment: 'dev',
    inputs: { name: 'build-artifacts' },
    entityRef: 'component:default/checkout',
  };

  /** Answers POST /requests with a new request, recording what it got. */
  function acceptCreate(id = REQUEST_ID) {
    const received: { body: unknown; authorization: string | null }[] = [];
    server.use(
      http.post(`${TFPILOT_URL}/requests`, async ({ request }) => {
        received.push({
          body: await request.json(),
          authorization: request.headers.get('authorization'),
        });
        return HttpResponse.json(requestJson({ id }), { status: 201 });
      }),
    );
    return received;
  }

  describe('input schema', () => {
    it('accepts a request without inputs', () => {
      const { inputs: _inputs, ...minimal } = input;
      expect(schemaErrors(action, minimal)).toEqual([]);
    });

    it('requires module, version, environment and entityRef', () => {
      expect(schemaErrors(action, {})).toEqual([
        'instance requires property "module"',
        'instance requires property "version"',
        'instance requires property "environment"',
        'instance requires property "entityRef"',
      ]);
    });

    it('wants inputs as an object', () => {
      expect(schemaErrors(action, { ...input, inputs: ['a'] })).toEqual([
        'instance.inputs is not of a type(s) object',
      ]);
    });
  });

  it('creates the request as the task initiator and outputs its id and page', async () => {
    const received = acceptCreate();
    const { context, outputs } = actionContext(action, {
      input,
      templateRef: 'template:default/s3-bucket',
    });

    await action.handler(context);

    expect(received).toEqual([
      {
        body: {
          module: { name: 's3-bucket', version: '1.0.0' },
          environment: 'dev',
          inputs: { name: 'build-artifacts' },
          entityRef: 'component:default/checkout',
          templateRef: 'template:default/s3-bucket',
        },
        // A token for TfPilot on behalf of the user, not the scaffolder's own.
        authorization: mockCredentials.service.header({
          onBehalfOf: mockCredentials.user(JANE),
          targetPluginId: 'tfpilot',
        }),
      },
    ]);
    expect(outputs()).toEqual({
      requestId: REQUEST_ID,
      url: `${APP_BASE_URL}/tfpilot/requests/${REQUEST_ID}`,
    });
  });

  it('sends empty inputs when the step gives none', async () => {
    const received = acceptCreate();
    const { inputs: _inputs, ...minimal } = input;
    const { context } = actionContext(action, { input: minimal });

    await action.handler(context);

    expect(received[0].body).toEqual({
      module: { name: 's3-bucket', version: '1.0.0' },
      environment: 'dev',
      inputs: {},
      entityRef: 'component:default/checkout',
    });
  });

  it("fails with TfPilot's own reason when the request is refused", async () => {
    server.use(
      http.post(`${TFPILOT_URL}/requests`, () =>
        errorJson(
          400,
          'InputError',
          'environment: "qa" is not one of dev, stage, prod',
        ),
      ),
    );
    const { context, outputs } = actionContext(action, {
      input: { ...input, environment: 'qa' },
    });

    const failure = action.handler(context);

    await expect(failure).rejects.toThrow(
      'TfPilot refused to create the request (HTTP 400): environment: "qa" is not one of dev, stage, prod',
    );
    await expect(failure).rejects.toMatchObject({ name: 'InputError' });
    expect(outputs()).toEqual({});
  });

  it('says when the initiator may not create requests', async () => {
    server.use(
      http.post(`${TFPILOT_URL}/requests`, () =>
        errorJson(
          403,
          'NotAllowedError',
          'Not allowed: tfpilot.request.create',
        ),
      ),
    );
    const { context } = actionContext(action, { input });

    await expect(action.handler(context)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'TfPilot refused to create the request (HTTP 403): Not allowed: tfpilot.request.create',
    });
  });

  it('quotes a failure that is not a Backstage error body', async () => {
    server.use(
      http.post(
        `${TFPILOT_URL}/requests`,
        () => new HttpResponse('upstream connect error', { status: 502 }),
      ),
    );
    const { context } = actionContext(action, { input });

    await expect(action.handler(context)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        'TfPilot failed to create the request (HTTP 502): upstream connect error',
    });
  });

  it('says when TfPilot cannot be reached', async () => {
    server.use(
      http.post(`${TFPILOT_URL}/requests`, () => HttpResponse.error()),
    );
    const { context } = actionContext(action, { input });

    await expect(action.handler(context)).rejects.toThrow(
      `Could not reach TfPilot to create the request at ${TFPILOT_URL}`,
    );
  });

  it('calls nothing in a dry run and outputs placeholders of the right shape', async () => {
    const { context, outputs, logLines } = actionContext(action, {
      input,
      isDryRun: true,
    });

    await action.handler(context);

    expect(requests).toEqual([]);
    expect(outputs()).toEqual({
      requestId: 'dry-run',
      url: `${APP_BASE_URL}/tfpilot/requests/dry-run`,
    });
    expect(logLines()).toEqual([
      'Dry run: would request s3-bucket@1.0.0 in dev for component:default/checkout; nothing was created',
    ]);
  });

  describe('on a retried task', () => {
    it('creates the request once and outputs the same id again', async () => {
      const received = acceptCreate();
      const checkpoints = new Map<string, unknown>();

      const first = actionContext(action, { input, checkpoints });
      await action.handler(first.context);
      acceptCreate(OTHER_REQUEST_ID);
      const retry = actionContext(action, { input, checkpoints });
      await action.handler(retry.context);

      expect(received).toHaveLength(1);
      expect(requests).toEqual(['POST /api/tfpilot/requests']);
      expect(retry.outputs()).toEqual(first.outputs());
    });

    it('still creates one request per iteration of an each loop', async () => {
      acceptCreate();
      const checkpoints = new Map<string, unknown>();

      for (const environment of ['dev', 'stage']) {
        const { context } = actionContext(action, {
          input: { ...input, environment },
          checkpoints,
        });
        await action.handler(context);
      }

      expect(requests).toHaveLength(2);
      expect(checkpoints.size).toBe(2);
    });

    it('does not keep a failed attempt, so the retry creates the request', async () => {
      server.use(
        http.post(`${TFPILOT_URL}/requests`, () => HttpResponse.error(), {
          once: true,
        }),
      );
      const checkpoints = new Map<string, unknown>();
      const failed = actionContext(action, { input, checkpoints });
      await expect(action.handler(failed.context)).rejects.toThrow();

      acceptCreate();
      const retry = actionContext(action, { input, checkpoints });
      await action.handler(retry.context);

      expect(retry.outputs().requestId).toBe(REQUEST_ID);
      expect(failed.logger.warn).toHaveBeenCalledWith(
        'Could not create the TfPilot request for s3-bucket@1.0.0 in dev',
      );
    });
  });
});
