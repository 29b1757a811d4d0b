import { mockCredentials } from '@backstage/backend-test-utils';
import { RequestState } from '@tfpilot/backstage-plugin-tfpilot-common';
import { http, HttpResponse, JsonBodyType } from 'msw';
import {
  JANE,
  TFPILOT_URL,
  actionContext,
  actionOptions,
  schemaErrors,
} from '../__testUtils__/actionContext';
import {
  REQUEST_ID,
  errorJson,
  requestJson,
  setUpMswServer,
} from '../__testUtils__/msw';
import {
  MAX_CONSECUTIVE_POLL_FAILURES,
  WAIT_FAILURE_STATES,
  createTfpilotRequestWaitAction,
} from './requestWait';

const REQUEST_PATH = `/api/tfpilot/requests/${REQUEST_ID}`;
const PLAN_RUN = {
  runId: 'plan-1',
  operation: 'plan' as const,
  url: 'https://runs.example/plan-1',
};

describe('tfpilot:request:wait', () => {
  const { server, requests } = setUpMswServer();
  const action = createTfpilotRequestWaitAction(actionOptions());

  /**
   * Answers GET /requests/:id with these responses in turn, the last one
   * for ever after; records the authorization of each call.
   */
  function answer(...responses: (Response | JsonBodyType)[]) {
    const authorizations: (string | null)[] = [];
    let next = 0;
    server.use(
      http.get(`${TFPILOT_URL}/requests/${REQUEST_ID}`, ({ request }) => {
        authorizations.push(request.headers.get('authorization'));
        const response = responses[Math.min(next++, responses.length - 1)];
        return response instanceof Response
          ? response.clone()
          : HttpResponse.json(response);
      }),
    );
    return authorizations;
  }

  beforeEach(() => {
    // Real microtasks keep fetch and msw going; time only moves when told.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  /** Runs the handler to its end, moving the clock by `stepMs` at a time. */
  async function runToEnd(
    run: Promise<void>,
    { stepMs = 1000, maxMs = 48 * 3600_000 } = {},
  ) {
    let settled = false;
    const outcome = run.then(
      () => {
        settled = true;
      },
      error => {
        settled = true;
        throw error;
      },
    );
    outcome.catch(() => undefined);
    for (let t = 0; !settled && t <= maxMs; t += stepMs) {
      await jest.advanceTimersByTimeAsync(stepMs);
    }
    return outcome;
  }

  describe('input schema', () => {
    it('needs only the request id', () => {
      expect(schemaErrors(action, { requestId: REQUEST_ID })).toEqual([]);
      expect(schemaErrors(action, {})).toEqual([
        'instance requires property "requestId"',
      ]);
    });

    it('refuses properties it does not know, such as a misspelt timeout', () => {
      expect(
        schemaErrors(action, { requestId: REQUEST_ID, timeout: 10 }),
      ).toEqual([
        'instance is not allowed to have the additional property "timeout"',
      ]);
    });

    it('accepts lifecycle states only, at least one', () => {
      expect(
        schemaErrors(action, { requestId: REQUEST_ID, until: ['done'] }),
      ).toEqual([
        expect.stringMatching(
          /^instance\.until\[0\] is not one of enum values: submitted,rejected,planning/,
        ),
      ]);
      expect(
        schemaErrors(action, { requestId: REQUEST_ID, until: [] }),
      ).toEqual(['instance.until does not meet minimum length of 1']);
      expect(
        schemaErrors(action, { requestId: REQUEST_ID, until: 'applied' }),
      ).toEqual(['instance.until is not of a type(s) array']);
    });

    it('bounds the timeout to a day and the interval to at least a second', () => {
      const at = (extra: object) =>
        schemaErrors(action, { requestId: REQUEST_ID, ...extra });
      expect(at({ timeoutMinutes: 1440, pollIntervalSeconds: 1 })).toEqual([]);
      expect(at({ timeoutMinutes: 1441 })).toEqual([
        'instance.timeoutMinutes must be less than or equal to 1440',
      ]);
      expect(at({ timeoutMinutes: 0 })).toEqual([
        'instance.timeoutMinutes must be strictly greater than 0',
      ]);
      expect(at({ pollIntervalSeconds: 0.5 })).toEqual([
        'instance.pollIntervalSeconds must be greater than or equal to 1',
      ]);
    });
  });

  it('succeeds at once when the request is already there, as the initiator', async () => {
    const authorizations = answer(
      requestJson({
        status: 'awaiting_approval',
        revision: 5,
        runs: [{ ...PLAN_RUN, status: 'succeeded' }],
      }),
    );
    const { context, outputs, logLines } = actionContext(action, {
      input: { requestId: REQUEST_ID },
    });

    await runToEnd(action.handler(context));

    expect(outputs()).toEqual({
      status: 'awaiting_approval',
      revision: 5,
      runUrl: 'https://runs.example/plan-1',
    });
    expect(authorizations).toEqual([
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.user(JANE),
        targetPluginId: 'tfpilot',
      }),
    ]);
    expect(logLines()).toEqual([
      `Waiting up to 30 minutes for request ${REQUEST_ID} to be awaiting_approval`,
      `Request ${REQUEST_ID} is awaiting_approval (revision 5); latest run: plan plan-1 succeeded, https://runs.example/plan-1`,
    ]);
  });

  it('polls at the interval and logs each state change once, with the run', async () => {
    const running = [{ ...PLAN_RUN, status: 'running' as const }];
    const done = [{ ...PLAN_RUN, status: 'succeeded' as const }];
    answer(
      requestJson({ status: 'submitted', revision: 1 }),
      requestJson({ status: 'planning', revision: 2, runs: running }),
      requestJson({ status: 'planning', revision: 2, runs: running }),
      requestJson({ status: 'planning', revision: 2, runs: running }),
      requestJson({ status: 'planned', revision: 3, runs: done }),
      requestJson({ status: 'awaiting_approval', revision: 4, runs: done }),
    );
    const { context, outputs, logLines } = actionContext(action, {
      input: { requestId: REQUEST_ID, pollIntervalSeconds: 10 },
    });

    const run = action.handler(context);
    await jest.advanceTimersByTimeAsync(9_000);
    expect(requests).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(requests).toHaveLength(2);
    await runToEnd(run);

    expect(requests).toEqual(Array(6).fill(`GET ${REQUEST_PATH}`));
    expect(outputs()).toEqual({
      status: 'awaiting_approval',
      revision: 4,
      runUrl: 'https://runs.example/plan-1',
    });
    expect(logLines()).toEqual([
      `Waiting up to 30 minutes for request ${REQUEST_ID} to be awaiting_approval`,
      `Request ${REQUEST_ID} is submitted (revision 1)`,
      `Request ${REQUEST_ID} is planning (revision 2); latest run: plan plan-1 running, https://runs.example/plan-1`,
      `Request ${REQUEST_ID} is planned (revision 3); latest run: plan plan-1 succeeded, https://runs.example/plan-1`,
      `Request ${REQUEST_ID} is awaiting_approval (revision 4); latest run: plan plan-1 succeeded, https://runs.example/plan-1`,
    ]);
  });

  it('waits for any of several states', async () => {
    answer(
      requestJson({ status: 'awaiting_approval', revision: 4 }),
      requestJson({ status: 'approved', revision: 5 }),
    );
    const { context, outputs } = actionContext(action, {
      input: { requestId: REQUEST_ID, until: ['approved', 'applied'] },
    });

    await runToEnd(action.handler(context));

    expect(outputs()).toEqual({ status: 'approved', revision: 5 });
  });

  it('fails with the run’s reason when the plan fails', async () => {
    answer(
      requestJson({ status: 'planning', revision: 2, runs: [PLAN_RUN] }),
      requestJson({
        status: 'plan_failed',
        revision: 3,
        runs: [
          {
            ...PLAN_RUN,
            status: 'failed',
            message: 'Error: Invalid value for variable "name"',
          },
        ],
      }),
    );
    const { context, outputs } = actionContext(action, {
      input: { requestId: REQUEST_ID },
    });

    await expect(runToEnd(action.handler(context))).rejects.toThrow(
      `Request ${REQUEST_ID} is plan_failed, not awaiting_approval: plan run plan-1 failed: Error: Invalid value for variable "name": https://runs.example/plan-1`,
    );
    expect(outputs()).toEqual({});
  });

  it.each(WAIT_FAILURE_STATES.filter(state => state !== 'plan_failed'))(
    'fails when the request becomes %s',
    async state => {
      answer(requestJson({ status: state, revision: 9 }));
      const { context } = actionContext(action, {
        input: { requestId: REQUEST_ID, until: ['applied'] },
      });

      await expect(runToEnd(action.handler(context))).rejects.toThrow(
        `Request ${REQUEST_ID} is ${state}, not applied`,
      );
      expect(requests).toHaveLength(1);
    },
  );

  it('succeeds on a failure state when that is what it waits for', async () => {
    answer(requestJson({ status: 'plan_failed', revision: 3 }));
    const { context, outputs } = actionContext(action, {
      input: {
        requestId: REQUEST_ID,
        until: ['awaiting_approval', 'plan_failed'],
      },
    });

    await runToEnd(action.handler(context));

    expect(outputs()).toEqual({ status: 'plan_failed', revision: 3 });
  });

  it('times out, saying where the request is', async () => {
    answer(requestJson({ status: 'awaiting_approval', revision: 4 }));
    const { context, outputs } = actionContext(action, {
      input: {
        requestId: REQUEST_ID,
        until: ['applied'],
        timeoutMinutes: 2,
        pollIntervalSeconds: 30,
      },
    });

    const run = runToEnd(action.handler(context));

    await expect(run).rejects.toThrow(
      `Timed out after 2 minutes waiting for request ${REQUEST_ID} to be applied; it is awaiting_approval`,
    );
    // At 0, 30, 60 and 90 s; the deadline came before the fifth check.
    expect(requests).toHaveLength(4);
    expect(outputs()).toEqual({});
  });

  it('stops when the task is cancelled, without polling again', async () => {
    answer(requestJson({ status: 'planning', revision: 2 }));
    const controller = new AbortController();
    const { context } = actionContext(action, {
      input: { requestId: REQUEST_ID },
      signal: controller.signal,
    });

    const run = action.handler(context);
    run.catch(() => undefined);
    await jest.advanceTimersByTimeAsync(12_000);
    controller.abort();

    await expect(run).rejects.toThrow(
      `Stopped waiting for request ${REQUEST_ID}: the task was cancelled; it is planning`,
    );
    expect(requests).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(3);
  });

  it('does not start when the task is already cancelled', async () => {
    answer(requestJson({ status: 'planning' }));
    const controller = new AbortController();
    controller.abort();
    const { context } = actionContext(action, {
      input: { requestId: REQUEST_ID },
      signal: controller.signal,
    });

    await expect(runToEnd(action.handler(context))).rejects.toThrow(
      `Stopped waiting for request ${REQUEST_ID}: the task was cancelled`,
    );
  });

  it('rides out a few failed polls', async () => {
    answer(
      requestJson({ status: 'planning', revision: 2 }),
      errorJson(503, 'ServiceUnavailableError', 'restarting'),
      HttpResponse.error(),
      requestJson({ status: 'awaiting_approval', revision: 4 }),
    );
    const { context, outputs, logger } = actionContext(action, {
      input: { requestId: REQUEST_ID },
    });

    await runToEnd(action.handler(context));

    expect(outputs()).toEqual({ status: 'awaiting_approval', revision: 4 });
    expect(logger.warn.mock.calls.map(([line]) => line)).toEqual([
      `TfPilot failed to read request ${REQUEST_ID} (HTTP 503): restarting; trying again in 5 seconds`,
      expect.stringMatching(
        new RegExp(
          `^Could not reach TfPilot to read request ${REQUEST_ID} at ${TFPILOT_URL}: .*; trying again in 5 seconds$`,
        ),
      ),
    ]);
  });

  it(`fails after ${MAX_CONSECUTIVE_POLL_FAILURES} failed polls in a row`, async () => {
    answer(errorJson(500, 'Error', 'database is locked'));
    const { context } = actionContext(action, {
      input: { requestId: REQUEST_ID },
    });

    await expect(runToEnd(action.handler(context))).rejects.toThrow(
      `TfPilot failed to read request ${REQUEST_ID} (HTTP 500): database is locked`,
    );
    expect(requests).toHaveLength(MAX_CONSECUTIVE_POLL_FAILURES);
  });

  it.each([
    [404, 'NotFoundError', `No request with id "${REQUEST_ID}"`],
    [
      403,
      'NotAllowedError',
      `Not allowed: tfpilot.request.read on request ${REQUEST_ID}`,
    ],
  ])(
    'fails at once on HTTP %i with TfPilot’s reason',
    async (status, name, message) => {
      answer(errorJson(status, name, message));
      const { context } = actionContext(action, {
        input: { requestId: REQUEST_ID },
      });

      await expect(runToEnd(action.handler(context))).rejects.toMatchObject({
        name,
        message: `TfPilot refused to read request ${REQUEST_ID} (HTTP ${status}): ${message}`,
      });
      expect(requests).toHaveLength(1);
    },
  );

  it('explains a 401 in the middle of a wait by expired credentials', async () => {
    answer(
      requestJson({ status: 'awaiting_approval', revision: 4 }),
      errorJson(401, 'AuthenticationError', 'Token has expired'),
    );
    const { context } = actionContext(action, {
      input: { requestId: REQUEST_ID, until: ['applied'] },
    });

    await expect(runToEnd(action.handler(context))).rejects.toMatchObject({
      name: 'AuthenticationError',
      message: expect.stringContaining(
        'Token has expired. The wait acts with the credentials of the user who started the task; they may have expired',
      ),
    });
  });

  it('polls nothing in a dry run and outputs the first awaited state', async () => {
    const { context, outputs, logLines } = actionContext(action, {
      input: { requestId: 'dry-run', until: ['applied', 'destroyed'] },
      isDryRun: true,
    });

    await runToEnd(action.handler(context));

    expect(requests).toEqual([]);
    expect(outputs()).toEqual({ status: 'applied', revision: 1 });
    expect(logLines()).toEqual([
      'Dry run: would wait up to 30 minutes for request dry-run to be applied or destroyed',
    ]);
  });

  it('outputs the default state in a dry run', async () => {
    const { context, outputs } = actionContext(action, {
      input: { requestId: 'dry-run' },
      isDryRun: true,
    });

    await action.handler(context);

    expect(outputs().status).toBe<RequestState>('awaiting_approval');
  });
});
