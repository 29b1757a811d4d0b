import { driftFileFilter, driftOutcomes } from './driftResults';

const A = '01jd8x3m4n5p6q7r8s9t0v1w2a';
const B = '01jd8x3m4n5p6q7r8s9t0v1w2b';
const C = '01jd8x3m4n5p6q7r8s9t0v1w2c';
const D = '01jd8x3m4n5p6q7r8s9t0v1w2d';

describe('driftOutcomes', () => {
  it('reports each request from results.json with its drift plan', () => {
    const files = new Map([
      [
        'drift/results.json',
        Buffer.from(
          JSON.stringify({
            [A]: { exitCode: 0 },
            [B]: { exitCode: 2 },
            [C]: { exitCode: 1 },
          }),
        ),
      ],
      [`drift/${A}.json`, Buffer.from('{"plan":"a"}')],
      [`drift/${B}.json`, Buffer.from('{"plan":"b"}')],
    ]);
    const outcomes = driftOutcomes(files, [A, B, C, D], 'run 7');
    expect(outcomes.get(A)).toEqual({
      status: 'succeeded',
      message: 'No drift: the infrastructure matches the recorded state',
      artifacts: { 'plan.json': Buffer.from('{"plan":"a"}') },
    });
    expect(outcomes.get(B)).toMatchObject({
      status: 'succeeded',
      message: expect.stringMatching(/^Drift detected/),
      artifacts: { 'plan.json': Buffer.from('{"plan":"b"}') },
    });
    expect(outcomes.get(C)).toEqual({
      status: 'failed',
      message: 'The drift check failed with exit code 1 (run 7)',
    });
    expect(outcomes.get(D)).toEqual({
      status: 'failed',
      message: 'The drift check reported no result for this request (run 7)',
    });
  });

  it('fails every request when the run left no readable results', () => {
    for (const files of [
      undefined,
      new Map([['drift/results.json', Buffer.from('not json')]]),
    ]) {
      const outcomes = driftOutcomes(files, [A], 'run 8');
      expect(outcomes.get(A)?.status).toBe('failed');
    }
  });

  it('wants results and the plans of the batch, in drift/ or at the root', () => {
    const wanted = driftFileFilter([A]);
    expect(wanted('drift/results.json')).toBe(true);
    expect(wanted('results.json')).toBe(true);
    expect(wanted(`drift/${A}.json`)).toBe(true);
    expect(wanted(`drift/${B}.json`)).toBe(false);
    expect(wanted('drift/tfplan')).toBe(false);
  });
});
