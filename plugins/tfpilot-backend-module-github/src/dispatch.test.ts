import { RequestRun } from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  applyDispatch,
  cleanupDispatch,
  destroyDispatch,
  driftDispatch,
  MAX_DRIFT_BATCH,
  planDispatch,
} from './dispatch';

const ID = '01jd8x3m4n5p6q7r8s9t0v1w2x';
const config = {
  baseBranch: 'main',
  workflows: {
    plan: 'tfpilot-plan.yml',
    apply: 'tfpilot-apply.yml',
    destroy: 'tfpilot-destroy.yml',
    drift: 'tfpilot-drift.yml',
    cleanup: 'tfpilot-cleanup.yml',
  },
  tool: 'tofu' as const,
};
const request = { requestId: ID, environment: 'dev' };
const planned: RequestRun = {
  runId: 'gh-4242',
  operation: 'plan',
  status: 'succeeded',
  executor: 'github',
  startedAt: '2026-11-20T10:00:00.000Z',
};

describe('workflow dispatches', () => {
  it('plans on the request branch, without tool_version when unset', () => {
    expect(planDispatch(config, request)).toEqual({
      workflow: 'tfpilot-plan.yml',
      ref: `tfpilot/${ID}`,
      inputs: { request_id: ID, environment: 'dev', tool: 'tofu' },
    });
  });

  it('applies the approved plan run on the request branch', () => {
    expect(
      applyDispatch(
        { ...config, tool: 'terraform', toolVersion: '1.15.9' },
        { ...request, runs: [planned] },
      ),
    ).toEqual({
      workflow: 'tfpilot-apply.yml',
      ref: `tfpilot/${ID}`,
      inputs: {
        request_id: ID,
        environment: 'dev',
        tool: 'terraform',
        tool_version: '1.15.9',
        plan_run_id: '4242',
      },
    });
  });

  it('refuses to apply without a succeeded plan', () => {
    expect(() => applyDispatch(config, { ...request, runs: [] })).toThrow(
      'has no succeeded GitHub plan run to apply',
    );
  });

  it('destroys and cleans up from the base branch', () => {
    expect(destroyDispatch(config, request)).toEqual({
      workflow: 'tfpilot-destroy.yml',
      ref: 'main',
      inputs: { request_id: ID, environment: 'dev', tool: 'tofu' },
    });
    expect(cleanupDispatch(config, request)).toEqual({
      workflow: 'tfpilot-cleanup.yml',
      ref: 'main',
      inputs: { request_id: ID, environment: 'dev' },
    });
  });

  it('checks drift of a batch from the base branch', () => {
    const other = '01jd8x3m4n5p6q7r8s9t0v1w2y';
    expect(
      driftDispatch(config, {
        environment: 'prod',
        requestIds: [ID, other],
        batchId: 'mf3k2a1b9c8d7e6f',
      }),
    ).toEqual({
      workflow: 'tfpilot-drift.yml',
      ref: 'main',
      inputs: {
        environment: 'prod',
        request_ids: `${ID} ${other}`,
        batch_id: 'mf3k2a1b9c8d7e6f',
        tool: 'tofu',
      },
    });
  });

  it('keeps drift batches within what the workflow accepts', () => {
    const batch = (size: number) => ({
      environment: 'prod',
      requestIds: Array.from({ length: size }, () => ID),
      batchId: 'mf3k2a1b9c8d7e6f',
    });
    expect(() => driftDispatch(config, batch(0))).toThrow(
      'A drift batch needs at least one request',
    );
    expect(() => driftDispatch(config, batch(MAX_DRIFT_BATCH + 1))).toThrow(
      `at most ${MAX_DRIFT_BATCH} requests`,
    );
  });
});
