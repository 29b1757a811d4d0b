import { restFixture, restItemFixture, webhookFixture } from './fixtures';
import {
  validateAgainstGithubOpenApi,
  validateGithubRequestBody,
  validateGithubWebhook,
} from './openapi';

const RUN_PATH = '/repos/{owner}/{repo}/actions/runs/{run_id}';

describe('validateAgainstGithubOpenApi', () => {
  it("accepts GitHub's own example of a workflow run", () => {
    const run = restFixture('actions.get-workflow-run.200');
    expect(validateAgainstGithubOpenApi('GET', RUN_PATH, 200, run)).toEqual({
      valid: true,
      errors: [],
    });
  });

  it('catches a run without its id', () => {
    const { id: _, ...run } = restFixture('actions.get-workflow-run.200');
    const result = validateAgainstGithubOpenApi('GET', RUN_PATH, 200, run);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([
      expect.stringContaining("must have required property 'id'"),
    ]);
  });

  it('catches a wrong type, a wrong enum and a null where none is allowed', () => {
    const run = restFixture('actions.get-workflow-run.200');
    const result = validateAgainstGithubOpenApi('GET', RUN_PATH, 200, {
      ...run,
      run_number: '562',
      head_sha: null,
      created_at: 'yesterday',
    });
    expect(result.valid).toBe(false);
    const errors = result.errors.join('\n');
    expect(errors).toMatch(/\/run_number must be integer/);
    expect(errors).toMatch(/\/head_sha must be string/);
    expect(errors).toMatch(/\/created_at must match format "date-time"/);

    const job = restItemFixture(
      'actions.list-jobs-for-workflow-run.200',
      'jobs',
    );
    const jobResult = validateAgainstGithubOpenApi(
      'GET',
      `${RUN_PATH}/jobs`,
      200,
      {
        total_count: 1,
        jobs: [{ ...job, created_at: '2020-01-20T17:42:40Z', status: 'done' }],
      },
    );
    expect(jobResult.errors).toEqual([
      expect.stringMatching(
        /^\/jobs\/0\/status must be equal to one of the allowed values/,
      ),
    ]);
  });

  it('accepts null where GitHub marks a field nullable', () => {
    const run = restFixture('actions.get-workflow-run.200');
    const result = validateAgainstGithubOpenApi('GET', RUN_PATH, 200, {
      ...run,
      conclusion: null,
      previous_attempt_url: null,
    });
    expect(result.valid).toBe(true);
  });

  it('reports statuses and bodies the description does not document', () => {
    expect(validateAgainstGithubOpenApi('GET', RUN_PATH, 201, {})).toEqual({
      valid: false,
      errors: ['actions/get-workflow-run does not document 201'],
    });
    const dispatch =
      '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
    expect(
      validateAgainstGithubOpenApi('POST', dispatch, 204, undefined).valid,
    ).toBe(true);
    expect(validateAgainstGithubOpenApi('POST', dispatch, 204, {}).valid).toBe(
      false,
    );
    expect(validateAgainstGithubOpenApi('GET', '/nope', 200, {}).valid).toBe(
      false,
    );
  });

  it('checks request bodies in the words GitHub uses', () => {
    const operation = 'actions/create-workflow-dispatch';
    expect(
      validateGithubRequestBody(operation, { ref: 'main', inputs: { a: '1' } })
        .valid,
    ).toBe(true);
    expect(validateGithubRequestBody(operation, { inputs: {} }).errors).toEqual(
      ['"ref" wasn\'t supplied.'],
    );
    const tooMany = Object.fromEntries(
      Array.from({ length: 26 }, (_, i) => [`i${i}`, 'x']),
    );
    expect(
      validateGithubRequestBody(operation, { ref: 'main', inputs: tooMany })
        .errors,
    ).toEqual([
      "For 'properties/inputs', must NOT have more than 25 properties.",
    ]);
  });

  it('checks webhook payloads against the x-webhooks schemas', () => {
    const payload = webhookFixture('workflow_run.in_progress');
    expect(
      validateGithubWebhook('workflow_run', 'in_progress', payload).valid,
    ).toBe(true);
    const { workflow_run: _, ...broken } = payload;
    expect(
      validateGithubWebhook('workflow_run', 'in_progress', broken).valid,
    ).toBe(false);
  });
});
