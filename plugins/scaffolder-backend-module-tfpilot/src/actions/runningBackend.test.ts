import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  APP_BASE_URL,
  JANE,
  actionContext,
} from '../__testUtils__/actionContext';
import { startTfpilotBackend } from '../__testUtils__/tfpilotBackend';
import { TestExecutor } from '../__testUtils__/TestExecutor';
import { createTfpilotRequestCreateAction } from './requestCreate';
import { createTfpilotRequestPromoteAction } from './requestPromote';
import { createTfpilotRequestWaitAction } from './requestWait';

/*
 * The actions against the real TfPilot backend plugin: real routing, auth,
 * validation, lifecycle engine and storage; only Terraform runs are played by
 * a test executor.
 */

jest.setTimeout(30_000);

const bucket = {
  module: 's3-bucket',
  version: '1.0.0',
  environment: 'dev',
  inputs: { name: 'build-artifacts', versioning: false },
  entityRef: 'component:default/checkout',
};

/** Resolves once `condition` holds, checking every few milliseconds. */
async function eventually(condition: () => boolean, timeoutMs = 5000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met');
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

describe('tfpilot:* actions on a running TfPilot backend', () => {
  const storage = createMockDirectory();
  let tfpilot: Awaited<ReturnType<typeof startTfpilotBackend>>;
  let create: ReturnType<typeof createTfpilotRequestCreateAction>;
  let wait: ReturnType<typeof createTfpilotRequestWaitAction>;
  let promote: ReturnType<typeof createTfpilotRequestPromoteAction>;

  beforeAll(async () => {
    tfpilot = await startTfpilotBackend({ storageDir: storage.path });
    create = createTfpilotRequestCreateAction(tfpilot.actions);
    wait = createTfpilotRequestWaitAction(tfpilot.actions);
    promote = createTfpilotRequestPromoteAction(tfpilot.actions);
  });

  /** Runs tfpilot:request:create as Jane and returns the new id. */
  async function createRequest(
    input: typeof bucket & { plan?: boolean } = bucket,
  ) {
    const { context, outputs } = actionContext(create, {
      input,
      templateRef: 'template:default/s3-bucket',
    });
    await create.handler(context);
    return String(outputs().requestId);
  }

  it('creates a request owned by the user who runs the template', async () => {
    const { context, outputs } = actionContext(create, {
      input: bucket,
      templateRef: 'template:default/s3-bucket',
    });

    await create.handler(context);

    const id = String(outputs().requestId);
    expect(outputs().url).toBe(`${APP_BASE_URL}/tfpilot/requests/${id}`);
    const stored = await tfpilot.api.get(`/requests/${id}`);
    expect(stored.body).toMatchObject({
      id,
      status: 'submitted',
      revision: 1,
      module: { name: 's3-bucket', version: '1.0.0' },
      environment: 'dev',
      inputs: bucket.inputs,
      entityRef: 'component:default/checkout',
      templateRef: 'template:default/s3-bucket',
      owner: JANE,
    });
  });

  it('starts the plan at once when asked to, as generated templates do', async () => {
    const id = await createRequest({ ...bucket, plan: true });

    const stored = await tfpilot.api.get(`/requests/${id}`);
    expect(stored.body).toMatchObject({ status: 'planning', revision: 2 });
    expect(stored.body.event).toMatchObject({
      type: 'plan_requested',
      actor: JANE,
    });
  });

  it("surfaces TfPilot's validation of the request", async () => {
    const { context } = actionContext(create, {
      input: { ...bucket, environment: 'qa', version: 'latest' },
    });

    await expect(create.handler(context)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /^TfPilot refused to create the request \(HTTP 400\): .*module\.version: a semantic version such as 1\.2\.0/,
      ),
    });
  });

  it('creates, plans, and waits until the plan awaits approval', async () => {
    const id = await createRequest();
    await tfpilot.transition(id, 'plan');
    const { context, outputs, logLines } = actionContext(wait, {
      input: { requestId: id, pollIntervalSeconds: 1 },
    });

    const waiting = wait.handler(context);
    // The plan finishes while the action waits.
    await eventually(() => logLines().some(l => l.includes('is planning')));
    await tfpilot.executor.finish(id, 'plan', 'succeeded');
    await waiting;

    const runId = tfpilot.executor.latestRunId(id, 'plan');
    const runUrl = TestExecutor.runUrl(runId);
    expect(outputs()).toEqual({
      status: 'awaiting_approval',
      revision: 4,
      runUrl,
    });
    expect(logLines()).toEqual([
      `Waiting up to 30 minutes for request ${id} to be awaiting_approval`,
      `Request ${id} is planning (revision 2); latest run: plan ${runId} running, ${runUrl}`,
      `Request ${id} is awaiting_approval (revision 4); latest run: plan ${runId} succeeded, ${runUrl}`,
    ]);
  });

  it('fails the wait with the reason of a failed plan', async () => {
    const id = await createRequest();
    await tfpilot.transition(id, 'plan');
    await tfpilot.executor.finish(
      id,
      'plan',
      'failed',
      'Error: Unsupported argument "versioning"',
    );
    const { context } = actionContext(wait, { input: { requestId: id } });

    await expect(wait.handler(context)).rejects.toThrow(
      new RegExp(
        `^Request ${id} is plan_failed, not awaiting_approval: plan run plan-\\d+ failed: Error: Unsupported argument "versioning": https://ci\\.example/runs/plan-\\d+$`,
      ),
    );
  });

  it('fails the wait at once for a request that does not exist', async () => {
    const { context } = actionContext(wait, {
      input: { requestId: '01jc8z5n2w0000000000000000' },
    });

    await expect(wait.handler(context)).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining(
        'TfPilot refused to read request 01jc8z5n2w0000000000000000 (HTTP 404)',
      ),
    });
  });

  describe('promotion', () => {
    it('refuses a request that is not applied', async () => {
      const id = await createRequest();
      await tfpilot.transition(id, 'plan');
      await tfpilot.executor.finish(id, 'plan', 'succeeded');
      const { context, outputs } = actionContext(promote, {
        input: { requestId: id },
      });

      await expect(promote.handler(context)).rejects.toMatchObject({
        name: 'ConflictError',
        message: `TfPilot refused to promote request ${id} (HTTP 409): Cannot promote request ${id}: only applied requests can be promoted (current state: awaiting_approval)`,
      });
      expect(outputs()).toEqual({});
    });

    it('refuses to skip an environment', async () => {
      const id = await createRequest();
      await tfpilot.applyRequest(id);
      const { context } = actionContext(promote, {
        input: { requestId: id, environment: 'prod' },
      });

      await expect(promote.handler(context)).rejects.toMatchObject({
        name: 'InputError',
        message: `TfPilot refused to promote request ${id} (HTTP 400): environment: must be stage, the environment after dev (promotion goes one environment at a time)`,
      });
    });

    it('refuses a request that changed since the expected revision', async () => {
      const id = await createRequest();
      await tfpilot.applyRequest(id);
      const { context } = actionContext(promote, {
        input: { requestId: id, expectedRevision: 2 },
      });

      await expect(promote.handler(context)).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining(
          `(HTTP 409): Request ${id} is at revision`,
        ),
      });
    });

    it('refuses to promote past the last environment', async () => {
      const id = await createRequest({ ...bucket, environment: 'prod' });
      await tfpilot.applyRequest(id);
      const { context } = actionContext(promote, {
        input: { requestId: id },
      });

      await expect(promote.handler(context)).rejects.toThrow(
        `TfPilot refused to promote request ${id} (HTTP 409): Cannot promote: prod is the last environment; there is nothing to promote to`,
      );
    });

    it.todo('refuses a drifted request (no API can make a request drift yet)');

    it('copies an applied dev request into stage with overrides', async () => {
      const id = await createRequest();
      await tfpilot.applyRequest(id);
      const applied = await tfpilot.api.get(`/requests/${id}`);
      const { context, outputs } = actionContext(promote, {
        input: {
          requestId: id,
          environment: 'stage',
          inputs: { versioning: true },
          expectedRevision: applied.body.revision,
        },
      });

      await promote.handler(context);

      const promotedId = String(outputs().requestId);
      expect(promotedId).not.toBe(id);
      expect(outputs()).toEqual({
        requestId: promotedId,
        url: `${APP_BASE_URL}/tfpilot/requests/${promotedId}`,
        environment: 'stage',
      });
      const promoted = await tfpilot.api.get(`/requests/${promotedId}`);
      expect(promoted.body).toMatchObject({
        status: 'submitted',
        environment: 'stage',
        module: { name: 's3-bucket', version: '1.0.0' },
        inputs: { name: 'build-artifacts', versioning: true },
        entityRef: 'component:default/checkout',
        promotedFrom: id,
        owner: JANE,
      });
    });

    it('then waits for the promoted request like any other', async () => {
      const id = await createRequest();
      await tfpilot.applyRequest(id);
      const promoting = actionContext(promote, { input: { requestId: id } });
      await promote.handler(promoting.context);
      const promotedId = String(promoting.outputs().requestId);
      await tfpilot.transition(promotedId, 'plan');
      await tfpilot.executor.finish(promotedId, 'plan', 'succeeded');
      const { context, outputs } = actionContext(wait, {
        input: { requestId: promotedId, until: ['awaiting_approval'] },
      });

      await wait.handler(context);

      expect(outputs()).toMatchObject({ status: 'awaiting_approval' });
    });
  });
});

describe('tfpilot:* actions and TfPilot permissions', () => {
  const storage = createMockDirectory();
  const BOB = 'user:default/bob';

  it('act with the permissions of the user who runs the template', async () => {
    // Bob may read requests but not create them; Jane may do both.
    const auth = mockServices.auth();
    const permissions = mockServices.permissions.mock({
      authorize: async (requests, { credentials }) =>
        requests.map(({ permission }) => ({
          result:
            permission.name === 'tfpilot.request.create' &&
            auth.isPrincipal(credentials, 'user') &&
            credentials.principal.userEntityRef === BOB
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    const tfpilot = await startTfpilotBackend({
      storageDir: storage.path,
      features: [permissions.factory],
    });
    const create = createTfpilotRequestCreateAction(tfpilot.actions);

    const asBob = actionContext(create, {
      input: bucket,
      credentials: mockCredentials.user(BOB),
    });
    await expect(create.handler(asBob.context)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'TfPilot refused to create the request (HTTP 403): Not allowed: tfpilot.request.create',
    });

    const asJane = actionContext(create, { input: bucket });
    await create.handler(asJane.context);
    expect(asJane.outputs().requestId).toEqual(expect.any(String));
  });
});
