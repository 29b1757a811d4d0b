import { makeDrift, makeRequest } from './__testUtils__/requests';
import { lastDriftCheck, overallDriftState } from './drift';

const request = makeRequest({
  status: 'applied',
  updatedAt: '2024-05-01T10:00:00.000Z',
});

describe('drift summary', () => {
  it('sums up an entity by its worst request', () => {
    expect(overallDriftState([])).toBeUndefined();
    expect(overallDriftState([makeDrift(request, 'in_sync')])).toBe('in_sync');
    expect(
      overallDriftState([
        makeDrift(request, 'in_sync'),
        makeDrift(request, 'unknown'),
      ]),
    ).toBe('unknown');
    expect(
      overallDriftState([
        makeDrift(request, 'check_failed'),
        makeDrift(request, 'drifted'),
      ]),
    ).toBe('drifted');
  });

  it('finds the latest check', () => {
    expect(
      lastDriftCheck([
        makeDrift(request, 'in_sync', [], '2024-05-02T03:00:00.000Z'),
        makeDrift(request, 'unknown', [], null),
        makeDrift(request, 'in_sync', [], '2024-05-03T03:00:00.000Z'),
      ]),
    ).toBe('2024-05-03T03:00:00.000Z');
    expect(lastDriftCheck([makeDrift(request, 'unknown', [], null)])).toBe(
      undefined,
    );
  });
});
