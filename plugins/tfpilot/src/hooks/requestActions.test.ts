import {
  REQUEST_STATES,
  RequestState,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { makeRequest } from '../__testUtils__';
import {
  ACTION_ORDER,
  approvalBlockers,
  lifecycleAvailability,
  missingPermissionReason,
} from './requestActions';

const offered = (status: RequestState, drift?: 'in_sync' | 'drifted') =>
  ACTION_ORDER.filter(
    action =>
      lifecycleAvailability(
        makeRequest({
          status,
          ...(drift ? { drift: { state: drift } } : {}),
        }),
        action,
      ).available,
  );

describe('actions by lifecycle state', () => {
  it.each<[RequestState, string[]]>([
    ['submitted', ['plan', 'cancel']],
    ['planning', ['cancel']],
    ['planned', ['plan', 'cancel']],
    ['plan_failed', ['plan', 'cancel']],
    ['awaiting_approval', ['plan', 'approve', 'cancel']],
    ['approved', ['apply', 'cancel']],
    ['applying', []],
    ['applied', ['plan', 'promote', 'destroy']],
    ['apply_failed', ['plan', 'apply', 'destroy']],
    ['destroying', []],
    ['destroy_failed', ['destroy']],
    ['destroyed', []],
    ['rejected', []],
    ['cancelled', []],
  ])('%s offers %j', (status, actions) => {
    expect(offered(status)).toEqual(actions);
  });

  it('covers every state', () => {
    expect(REQUEST_STATES).toHaveLength(14);
  });

  it('shows promotion of a drifted request, blocked with the reason', () => {
    const request = makeRequest({
      status: 'applied',
      drift: { state: 'drifted' },
    });
    expect(lifecycleAvailability(request, 'promote')).toEqual({
      available: true,
      blockedBy: expect.stringContaining('drift: drifted'),
    });
  });

  it('finds blocking findings until an administrator bypassed them', () => {
    const finding = {
      ruleId: 'prod-budget',
      severity: 'error' as const,
      message: 'too expensive',
    };
    const policy = { prePlan: [], postPlan: [finding] };
    expect(approvalBlockers(makeRequest({ policy }))).toEqual([finding]);
    expect(
      approvalBlockers(
        makeRequest({
          policy: {
            ...policy,
            bypass: { actor: 'user:default/admin', at: '2026-11-20T10:00:00Z' },
          },
        }),
      ),
    ).toEqual([]);
    expect(
      approvalBlockers(
        makeRequest({
          policy: {
            prePlan: [],
            postPlan: [{ ...finding, severity: 'warning' }],
          },
        }),
      ),
    ).toEqual([]);
  });

  it('names the missing permission', () => {
    expect(missingPermissionReason('apply')).toMatch(
      /not allowed to apply .*tfpilot\.request\.apply/,
    );
  });
});
