import { isRequestState, REQUEST_STATES } from './lifecycle';

describe('request states', () => {
  it('accepts the states of the design and nothing else', () => {
    expect(REQUEST_STATES).toHaveLength(14);
    expect(isRequestState('awaiting_approval')).toBe(true);
    expect(isRequestState('in_sync')).toBe(false);
    expect(isRequestState('APPLIED')).toBe(false);
  });
});
