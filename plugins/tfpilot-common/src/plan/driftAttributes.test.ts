import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { changedAttributes, sameJson } from './driftAttributes';
import { summarizePlanJson } from './parsePlan';
import { SENSITIVE } from './types';

// plugins/tfpilot-common/src/plan → the shared fixtures next to the checkout.
const PLANS = resolve(__dirname, '../../../../../shared/fixtures/plans');
const driftOf = (file: string) =>
  summarizePlanJson(readFileSync(join(PLANS, file), 'utf8')).drift;

describe('drift attributes in real plans', () => {
  it.each([
    [
      'terraform__show-json__drift.json',
      [
        {
          address: 'test_instance.should_refresh',
          actions: ['update'],
          attributes: ['ami'],
        },
      ],
    ],
    [
      'terraform__equivalence__drift_refresh_only.json',
      [
        {
          address: 'tfcoremock_simple_resource.drift',
          actions: ['update'],
          attributes: ['string'],
        },
      ],
    ],
    [
      'terraform__equivalence__drift_relevant_attributes.json',
      [
        {
          address: 'tfcoremock_simple_resource.base',
          actions: ['update'],
          attributes: ['number', 'string'],
        },
      ],
    ],
    [
      // tags went from null to {} outside Terraform.
      'policy-engine__resource-changes.json',
      [
        {
          address: 'aws_s3_bucket.noop_bucket',
          actions: ['update'],
          attributes: ['tags'],
        },
      ],
    ],
  ])('names what changed outside Terraform in %s', (file, expected) => {
    expect(driftOf(file)).toEqual(expected);
  });

  it('names no attribute of a resource deleted outside Terraform', () => {
    const drift = driftOf('tf-summarize__example.json');
    expect(drift).toHaveLength(3);
    for (const entry of drift) {
      expect(entry).toEqual({
        address: expect.stringContaining('module.github'),
        actions: ['delete'],
      });
    }
  });
});

describe('changedAttributes', () => {
  it('compares values, not key order, and treats a missing attribute as null', () => {
    expect(
      changedAttributes({
        actions: ['update'],
        before: { tags: { a: '1', b: '2' }, size: 1, gone: null },
        after: { tags: { b: '2', a: '1' }, size: 2 },
      }),
    ).toEqual(['size']);
  });

  it('names a changed sensitive attribute without its value', () => {
    const change = {
      actions: ['update'],
      before: { name: 'db', password: 'old-secret' },
      after: { name: 'db', password: 'new-secret' },
      before_sensitive: { password: true },
      after_sensitive: { password: true },
    };
    const names = changedAttributes(change);
    expect(names).toEqual(['password']);
    expect(JSON.stringify(names)).not.toContain('secret');
  });

  it('names the sensitive attributes when masking hides the only change', () => {
    expect(
      changedAttributes({
        actions: ['update'],
        before: { name: 'db', password: SENSITIVE, tags: { k: SENSITIVE } },
        after: { name: 'db', password: SENSITIVE, tags: { k: SENSITIVE } },
        before_sensitive: { password: true, tags: { k: true } },
        after_sensitive: { password: true, tags: { k: true } },
      }),
    ).toEqual(['password', 'tags']);
  });

  it('treats a wholly sensitive object as every attribute sensitive', () => {
    expect(
      changedAttributes({
        actions: ['update'],
        before: { a: SENSITIVE, b: SENSITIVE },
        after: { a: SENSITIVE, b: SENSITIVE },
        after_sensitive: true,
      }),
    ).toEqual(['a', 'b']);
  });

  it('gives nothing when either side is not an object', () => {
    expect(
      changedAttributes({ actions: ['delete'], before: { a: 1 }, after: null }),
    ).toBeUndefined();
    expect(
      changedAttributes({
        actions: ['update'],
        before: { a: 1 },
        after: { a: 1 },
      }),
    ).toBeUndefined();
  });
});

describe('sameJson', () => {
  it('compares JSON values deeply', () => {
    expect(sameJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(
      true,
    );
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 1 })).toBe(false);
    expect(sameJson({ a: 1, c: 1 }, { a: 1, b: 1 })).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson('1', 1)).toBe(false);
  });

  it('walks nesting far deeper than the call stack allows', () => {
    const nest = (depth: number, leaf: number) => {
      let value: unknown = leaf;
      for (let i = 0; i < depth; i++) value = { v: [value] };
      return value;
    };
    expect(sameJson(nest(200_000, 1), nest(200_000, 1))).toBe(true);
    expect(sameJson(nest(200_000, 1), nest(200_000, 2))).toBe(false);
  });
});
