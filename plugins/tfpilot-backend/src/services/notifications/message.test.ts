import { renderRequestMessage } from './message';
import {
  REQUEST_ID,
  requestRecord,
  RUN_OUTPUT,
  SECRET_INPUT,
} from './__testUtils__/records';

const BASE = 'https://backstage.example.com';

function everything(message: object): string {
  return JSON.stringify(message);
}

describe('renderRequestMessage', () => {
  it('says what happened to which request, with a link', () => {
    const message = renderRequestMessage(
      'plan_failed',
      requestRecord('plan_failed'),
      BASE,
    );
    expect(message).toMatchObject({
      event: 'plan_failed',
      requestId: REQUEST_ID,
      revision: 3,
      title: 'Plan failed: object-bucket@1.2.0 in prod',
      severity: 'high',
      path: `/tfpilot/requests/${REQUEST_ID}`,
      link: `${BASE}/tfpilot/requests/${REQUEST_ID}`,
    });
    expect(message.facts).toEqual(
      expect.arrayContaining([
        { label: 'Entity', value: 'component:default/checkout' },
        { label: 'Owner', value: 'user:default/jane' },
        { label: 'Run', value: 'https://ci.example.com/runs/7' },
      ]),
    );
  });

  it('never carries inputs, plan values or executor output', () => {
    for (const [event, type, status] of [
      ['plan_failed', 'plan_failed', 'plan_failed'],
      ['approval_required', 'approval_requested', 'awaiting_approval'],
      ['applied', 'applied', 'applied'],
      ['apply_failed', 'apply_failed', 'apply_failed'],
    ] as const) {
      const text = everything(
        renderRequestMessage(event, requestRecord(type, { status }), BASE),
      );
      expect(text).not.toContain(SECRET_INPUT);
      expect(text).not.toContain(RUN_OUTPUT);
      expect(text).not.toContain('checkout-artifacts');
    }
  });

  it('gives approvers the plan counts, the cost difference and blocking findings', () => {
    const record = requestRecord('approval_requested', {
      status: 'awaiting_approval',
      policy: {
        prePlan: [],
        postPlan: [
          {
            ruleId: 'max-cost-delta',
            severity: 'error',
            message: `cost of ${SECRET_INPUT} too high`,
          },
        ],
      },
    });
    const message = renderRequestMessage('approval_required', record, BASE);
    expect(message.facts).toEqual(
      expect.arrayContaining([
        {
          label: 'Plan',
          value: '2 to add, 1 to change, 1 to replace, 0 to destroy',
        },
        { label: 'Monthly cost', value: '+12.30 USD (total 45.00 USD)' },
        { label: 'Blocking findings', value: '1 (rules: max-cost-delta)' },
      ]),
    );
    expect(everything(message)).not.toContain(SECRET_INPUT);
  });

  it('names the rules a rejected request broke, not their messages', () => {
    const record = requestRecord('rejected', {
      status: 'rejected',
      policy: {
        prePlan: [
          {
            ruleId: 'naming',
            severity: 'error',
            message: `"${SECRET_INPUT}" is not a valid name`,
          },
          { ruleId: 'naming', severity: 'error', message: 'again' },
          { ruleId: 'tags\u0007', severity: 'error', message: 'missing tags' },
          { ruleId: 'regions', severity: 'warning', message: 'eu only' },
        ],
      },
    });
    const message = renderRequestMessage('rejected', record, BASE);
    expect(message.facts).toContainEqual({
      label: 'Violations',
      value: '3 (rules: naming, tags)',
    });
    expect(everything(message)).not.toContain(SECRET_INPUT);
  });

  it('uses the app-relative path when app.baseUrl is unknown', () => {
    const message = renderRequestMessage(
      'applied',
      requestRecord('applied', { status: 'applied' }),
    );
    expect(message.link).toBe(`/tfpilot/requests/${REQUEST_ID}`);
    expect(message.title).toBe('Apply complete: object-bucket@1.2.0 in prod');
  });

  it('dates detected drift', () => {
    const record = requestRecord('drift_checked', {
      status: 'applied',
      drift: { state: 'drifted', lastCheckedAt: '2026-11-20T03:00:00.000Z' },
    });
    const message = renderRequestMessage('drift_detected', record, BASE);
    expect(message.title).toBe('Drift detected: object-bucket@1.2.0 in prod');
    expect(message.facts).toContainEqual({
      label: 'Checked at',
      value: '2026-11-20T03:00:00.000Z',
    });
  });
});
