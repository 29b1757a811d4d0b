import { InputError } from '@backstage/errors';
import { readFixture } from '@tfpilot/test';
import { parseWebhookEvent } from './webhookEvent';

const fixture = (name: string) => readFixture(`github/webhooks/${name}.json`);

describe('parseWebhookEvent', () => {
  it('reads a completed workflow_run delivery', () => {
    expect(
      parseWebhookEvent(
        'workflow_run',
        fixture('workflow_run.completed.success.with-pull-requests'),
      ),
    ).toEqual({
      kind: 'workflow_run',
      action: 'completed',
      run: expect.objectContaining({
        title: 'ci(action): update actions/setup-node digest to 8c91899',
        status: 'completed',
        conclusion: 'success',
        path: '.github/workflows/test.yml',
        repository: 'octo-org/octo-repo',
        updatedAt: '2020-10-05T16:33:49.000Z',
        htmlUrl: expect.stringMatching(
          /^https:\/\/github\.com\/octo-org\/octo-repo\/actions\/runs\/\d+$/,
        ),
      }),
    });
  });

  it('reads runs that are still in progress', () => {
    const event = parseWebhookEvent(
      'workflow_run',
      fixture('workflow_run.in_progress'),
    );
    expect(event).toMatchObject({
      kind: 'workflow_run',
      action: 'in_progress',
      run: { status: 'in_progress', conclusion: null },
    });
  });

  it('tells pings and other events apart', () => {
    expect(parseWebhookEvent('ping', fixture('ping'))).toEqual({
      kind: 'ping',
    });
    expect(
      parseWebhookEvent(
        'workflow_job',
        fixture('workflow_job.completed.success'),
      ),
    ).toEqual({ kind: 'other', event: 'workflow_job', action: 'completed' });
    expect(
      parseWebhookEvent('pull_request', fixture('pull_request.opened')),
    ).toEqual({ kind: 'other', event: 'pull_request', action: 'opened' });
  });

  it.each([
    [undefined, '{}', 'The delivery has no X-GitHub-Event header'],
    ['workflow_run', 'not json', 'The workflow_run delivery is not JSON'],
    ['workflow_run', '[1]', 'The workflow_run delivery is not a JSON object'],
    [
      'workflow_run',
      '{"action":"completed","workflow_run":[1]}',
      'Malformed workflow_run delivery: workflow_run is not an object',
    ],
    [
      'workflow_run',
      '"text"',
      'The workflow_run delivery is not a JSON object',
    ],
    [
      'workflow_run',
      '{"workflow_run":{}}',
      'The workflow_run delivery has no action',
    ],
    [
      'workflow_run',
      '{"action":"completed","workflow_run":{"id":"12","display_title":"x","status":"completed","conclusion":null}}',
      'Malformed workflow_run delivery: workflow_run.id is not a run id',
    ],
    [
      'workflow_run',
      '{"action":"completed","workflow_run":{"id":12,"status":"completed","conclusion":null}}',
      'Malformed workflow_run delivery: workflow_run.display_title is not a string',
    ],
  ])('refuses a malformed %s delivery %s', (event, body, message) => {
    expect(() => parseWebhookEvent(event, Buffer.from(body))).toThrow(
      new InputError(message),
    );
  });
});
