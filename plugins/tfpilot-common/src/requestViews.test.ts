import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { summarizePlanJson } from './plan/parsePlan';
import { PlanSummary } from './plan/types';
import {
  driftResourcesOf,
  MAX_STORED_DRIFT_ATTRIBUTES,
  MAX_STORED_DRIFT_RESOURCES,
  storedDriftSchema,
  toStoredDrift,
} from './requestViews';

const PLANS = resolve(__dirname, '../../../../shared/fixtures/plans');
const plan = (file: string) =>
  summarizePlanJson(readFileSync(join(PLANS, file), 'utf8'));
const checked = { checkedAt: '2026-11-23T03:00:00.000Z', runId: 'gh-42' };

describe('driftResourcesOf', () => {
  it('lists drift first, then other planned changes, each address once', () => {
    expect(driftResourcesOf(plan('terraform__show-json__drift.json'))).toEqual([
      {
        address: 'test_instance.should_refresh',
        actions: ['update'],
        attributes: ['ami'],
      },
      { address: 'test_instance.no_refresh', actions: ['update'] },
    ]);
  });

  it('leaves out data-source reads', () => {
    const summary = plan('terraform__equivalence__data_read.json');
    const reads = summary.changes.filter(c => c.actions.includes('read'));
    expect(reads.length).toBeGreaterThan(0);
    const addresses = driftResourcesOf(summary).map(r => r.address);
    for (const read of reads) expect(addresses).not.toContain(read.address);
  });
});

describe('toStoredDrift', () => {
  it('keeps the resources of a drifted check', () => {
    const stored = toStoredDrift({
      ...checked,
      state: 'drifted',
      plan: plan('terraform__equivalence__drift_relevant_attributes.json'),
    });
    expect(stored).toEqual({
      state: 'drifted',
      lastCheckedAt: checked.checkedAt,
      runId: 'gh-42',
      resources: [
        {
          address: 'tfcoremock_simple_resource.base',
          actions: ['update'],
          attributes: ['number', 'string'],
        },
        {
          address: 'tfcoremock_simple_resource.dependent',
          actions: ['update'],
        },
      ],
      omittedResources: 0,
    });
    expect(storedDriftSchema.parse(stored)).toEqual(stored);
  });

  it('lists nothing for a check that is in sync or failed', () => {
    const drifty = plan('terraform__show-json__drift.json');
    for (const state of ['in_sync', 'check_failed', 'unknown'] as const) {
      expect(
        toStoredDrift({ ...checked, state, plan: drifty }).resources,
      ).toEqual([]);
    }
  });

  it('caps resources and attribute names as the stored plan view does', () => {
    const many: PlanSummary = {
      ...plan('terraform__show-json__drift.json'),
      changes: [],
      drift: Array.from({ length: MAX_STORED_DRIFT_RESOURCES + 7 }, (_, i) => ({
        address: `aws_s3_bucket.b${i}`,
        actions: ['update'],
        attributes: Array.from({ length: 80 }, (__, j) => `a${j}`),
      })),
    };
    const stored = toStoredDrift({ ...checked, state: 'drifted', plan: many });
    expect(stored.resources).toHaveLength(MAX_STORED_DRIFT_RESOURCES);
    expect(stored.omittedResources).toBe(7);
    expect(stored.resources?.[0].attributes).toHaveLength(
      MAX_STORED_DRIFT_ATTRIBUTES,
    );
  });
});
