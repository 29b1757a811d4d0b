import { mainTfPath, requestBranch, runIdOf, workflowRunIdOf } from './names';

describe('names', () => {
  it('places a request in the repository', () => {
    expect(requestBranch('01jd8x3m4n5p6q7r8s9t0v1w2x')).toBe(
      'tfpilot/01jd8x3m4n5p6q7r8s9t0v1w2x',
    );
    expect(mainTfPath('prod', '01jd8x3m4n5p6q7r8s9t0v1w2x')).toBe(
      'tfpilot/prod/01jd8x3m4n5p6q7r8s9t0v1w2x/main.tf.json',
    );
  });

  it('maps GitHub run ids to run ids and back', () => {
    expect(runIdOf(30433642)).toBe('gh-30433642');
    expect(workflowRunIdOf('gh-30433642')).toBe(30433642);
    expect(workflowRunIdOf(runIdOf(9_007_199_254_740_991))).toBe(
      9_007_199_254_740_991,
    );
  });

  it.each([
    'local-plan-abc',
    'gh-',
    'gh-0',
    'gh-012',
    'gh-12a',
    'gh-99999999999999999',
  ])('knows %s is not a GitHub run', runId => {
    expect(workflowRunIdOf(runId)).toBeUndefined();
  });
});
