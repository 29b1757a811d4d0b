import {
  EVENT_TARGET_STATE,
  EVENT_TYPES,
  isStatelessEvent,
  STATELESS_EVENT_TYPES,
  StatelessEventType,
} from './events';
import {
  checkTransition,
  isRequestState,
  REQUEST_STATES,
  RequestState,
} from './lifecycle';

const entries = Object.entries(EVENT_TARGET_STATE) as [
  Exclude<(typeof EVENT_TYPES)[number], StatelessEventType>,
  RequestState,
][];

describe('lifecycle event types', () => {
  it('are distinct', () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
  });

  it('give a target state for every event type except the stateless ones', () => {
    expect(Object.keys(EVENT_TARGET_STATE).sort()).toEqual(
      EVENT_TYPES.filter(type => !isStatelessEvent(type)).sort(),
    );
    for (const type of STATELESS_EVENT_TYPES) {
      expect(Object.keys(EVENT_TARGET_STATE)).not.toContain(type);
    }
    expect(isStatelessEvent('promoted')).toBe(true);
    expect(isStatelessEvent('applied')).toBe(false);
  });

  it('move requests into valid states only', () => {
    for (const [type, state] of entries) {
      expect({ type, valid: isRequestState(state) }).toEqual({
        type,
        valid: true,
      });
    }
  });

  it('cover each state with exactly one event type', () => {
    const targets = entries.map(([, state]) => state);
    expect([...targets].sort()).toEqual([...REQUEST_STATES].sort());
  });

  it('lead into their state by a legal move, except the first event', () => {
    const enterable = Object.fromEntries(
      entries.map(([type, state]) => [
        type,
        REQUEST_STATES.some(from => checkTransition(from, state).allowed),
      ]),
    );
    // The first event of a request has no `from`: nothing moves back to submitted.
    expect(enterable).toEqual(
      Object.fromEntries(entries.map(([type]) => [type, type !== 'submitted'])),
    );
  });

  it('keep their own names for the states they share', () => {
    const shared = entries.filter(([type]) => isRequestState(type));
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.filter(([type, state]) => type !== state)).toEqual([]);
    expect(EVENT_TARGET_STATE.plan_requested).toBe('planning');
    expect(EVENT_TARGET_STATE.approval_requested).toBe('awaiting_approval');
    expect(EVENT_TARGET_STATE.apply_requested).toBe('applying');
    expect(EVENT_TARGET_STATE.destroy_requested).toBe('destroying');
  });
});
