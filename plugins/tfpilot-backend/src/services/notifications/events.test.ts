import { notificationEventOf } from './events';
import { requestRecord } from './__testUtils__/records';

describe('notificationEventOf', () => {
  it.each([
    ['rejected', 'rejected', 'rejected'],
    ['plan_failed', 'plan_failed', 'plan_failed'],
    ['approval_requested', 'awaiting_approval', 'approval_required'],
    ['applied', 'applied', 'applied'],
    ['apply_failed', 'apply_failed', 'apply_failed'],
    ['destroyed', 'destroyed', 'destroyed'],
    ['destroy_failed', 'destroy_failed', 'destroy_failed'],
  ] as const)('%s is %s', (type, status, expected) => {
    expect(notificationEventOf(requestRecord(type, { status }))).toBe(expected);
  });

  it.each([
    ['submitted', 'submitted'],
    ['plan_requested', 'planning'],
    ['planned', 'planned'],
    ['approved', 'approved'],
    ['apply_requested', 'applying'],
    ['cancelled', 'cancelled'],
    ['promoted', 'applied'],
    ['cleaned_up', 'destroyed'],
  ] as const)('%s is not worth a notification', (type, status) => {
    expect(
      notificationEventOf(requestRecord(type, { status })),
    ).toBeUndefined();
  });

  const driftCheck = (previousState: unknown, state: 'drifted' | 'in_sync') =>
    requestRecord('drift_checked', {
      status: 'applied',
      drift: { state, lastCheckedAt: '2026-11-20T03:00:00.000Z' },
      event: { details: previousState === undefined ? {} : { previousState } },
    });

  it('announces drift once: when a check finds it where none was known', () => {
    expect(notificationEventOf(driftCheck('in_sync', 'drifted'))).toBe(
      'drift_detected',
    );
    expect(notificationEventOf(driftCheck('unknown', 'drifted'))).toBe(
      'drift_detected',
    );
    expect(notificationEventOf(driftCheck(undefined, 'drifted'))).toBe(
      'drift_detected',
    );
    expect(
      notificationEventOf(driftCheck('drifted', 'drifted')),
    ).toBeUndefined();
    expect(
      notificationEventOf(driftCheck('drifted', 'in_sync')),
    ).toBeUndefined();
  });
});
