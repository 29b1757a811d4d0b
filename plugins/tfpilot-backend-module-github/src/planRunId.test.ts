import { ConflictError } from '@backstage/errors';
import { RequestRun } from '@tfpilot/backstage-plugin-tfpilot-common';
import { planRunIdFor } from './planRunId';

const ID = '01jd8x3m4n5p6q7r8s9t0v1w2x';

function run(
  runId: string,
  operation: RequestRun['operation'],
  status: RequestRun['status'],
): RequestRun {
  return {
    runId,
    operation,
    status,
    executor: runId.startsWith('gh-') ? 'github' : 'local',
    startedAt: '2026-11-20T10:00:00.000Z',
  };
}

describe('planRunIdFor', () => {
  it('takes the latest plan run that succeeded', () => {
    expect(
      planRunIdFor(ID, [
        run('gh-100', 'plan', 'succeeded'),
        run('gh-101', 'plan', 'succeeded'),
        run('gh-102', 'plan', 'failed'),
        run('gh-103', 'driftCheck', 'succeeded'),
        run('gh-104', 'plan', 'running'),
      ]),
    ).toBe(101);
  });

  it('skips plans of other executors', () => {
    expect(
      planRunIdFor(ID, [
        run('gh-7', 'plan', 'succeeded'),
        run('local-plan-abc', 'plan', 'succeeded'),
      ]),
    ).toBe(7);
  });

  it('refuses when no plan succeeded in GitHub', () => {
    expect(() =>
      planRunIdFor(ID, [
        run('gh-1', 'plan', 'failed'),
        run('local-plan-abc', 'plan', 'succeeded'),
      ]),
    ).toThrow(
      new ConflictError(
        `Request ${ID} has no succeeded GitHub plan run to apply; plan it first`,
      ),
    );
    expect(() => planRunIdFor(ID, [])).toThrow(ConflictError);
  });
});
