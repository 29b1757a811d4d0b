import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readFixture } from '@tfpilot/test';
import request from 'supertest';
import { startTfpilotTestBackend } from './__testUtils__/startTfpilotTestBackend';

const policies = {
  rules: [
    {
      id: 'names',
      type: 'naming',
      inputs: ['name'],
      pattern: '^[a-z][a-z0-9-]{2,62}$',
    },
    {
      id: 'tags',
      type: 'required-tags',
      tags: [
        { key: 'owner' },
        { key: 'cost-center', pattern: '^cc-[0-9]{4}$' },
      ],
    },
    {
      id: 'protected-buckets',
      type: 'protected-resources',
      environments: ['dev'],
      types: ['aws_s3_bucket'],
    },
    {
      id: 'dev-cost',
      type: 'max-cost-increase',
      severity: 'warning',
      environments: ['dev'],
      maxMonthlyIncrease: 100,
    },
  ],
};

const good = {
  module: { name: 'object-bucket', version: '1.0.0' },
  environment: 'dev',
  inputs: {
    name: 'build-artifacts',
    tags: { owner: 'team-a', 'cost-center': 'cc-1234' },
  },
  entityRef: 'component:default/checkout',
};

/** Only `user:default/admin` holds tfpilot.admin; everything else is allowed. */
const permissions = mockServices.permissions.mock({
  authorize: async (requests, options) =>
    requests.map(r => ({
      result:
        r.permission.name === 'tfpilot.admin' &&
        (options?.credentials.principal as { userEntityRef?: string })
          .userEntityRef !== 'user:default/admin'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })) as { result: AuthorizeResult.ALLOW | AuthorizeResult.DENY }[],
  authorizeConditional: async requests =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })) as {
      result: AuthorizeResult.ALLOW;
    }[],
});

describe('policy engine in the lifecycle', () => {
  const dir = createMockDirectory();
  beforeEach(() => dir.clear());

  async function setup() {
    const { server, executor } = await startTfpilotTestBackend({
      storageDir: dir.path,
      tfpilot: { policies },
      features: [permissions.factory],
    });
    const as = (user: string) =>
      mockCredentials.user.header(`user:default/${user}`);
    const create = (body: object) =>
      request(server)
        .post('/api/tfpilot/requests')
        .set('Authorization', as('jane'))
        .send(body);
    const act = (id: string, action: string, body = {}, user = 'jane') =>
      request(server)
        .post(`/api/tfpilot/requests/${id}/${action}`)
        .set('Authorization', as(user))
        .send(body);
    return { executor, create, act };
  }

  it('rejects a request breaking the rules with every violation listed at once', async () => {
    const { create, executor } = await setup();
    const res = await create({
      ...good,
      inputs: { name: 'Bаd_name', tags: { 'cost-center': '1234' } },
    });

    expect(res.status).toBe(201);
    expect(res.body.status).toBe('rejected');
    const findings = res.body.policy.prePlan;
    expect(
      findings.map((f: { ruleId: string; target: string }) => [
        f.ruleId,
        f.target,
      ]),
    ).toEqual([
      ['names', 'inputs.name'],
      ['tags', 'inputs.tags.owner'],
      ['tags', 'inputs.tags.cost-center'],
    ]);
    expect(findings[0].message).toMatch(/non-ASCII/);
    expect(res.body.event.details.message).toMatch(
      /^3 policy violation\(s\): /,
    );
    expect(executor.runs).toEqual([]);
  });

  it('accepts a request that follows the rules', async () => {
    const { create } = await setup();
    const res = await create(good);
    expect(res.body).toMatchObject({
      status: 'submitted',
      policy: { prePlan: [] },
    });
  });

  it('blocks approval on post-plan errors until an administrator bypasses them', async () => {
    const { create, act, executor } = await setup();
    const id = (await create(good)).body.id;
    await act(id, 'plan');
    await executor.lastRun().finish('succeeded', {
      artifacts: {
        'plan.json': readFixture('plans/policy-engine__resource-changes.json'),
      },
    });

    const refused = await act(id, 'approve');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      /1 policy violation\(s\) block approval: \[protected-buckets\] .*\(aws_s3_bucket\.delete_bucket\)/,
    );

    const notAdmin = await act(id, 'approve', { bypassPolicy: true });
    expect(notAdmin.status).toBe(403);

    const bypassed = await act(
      id,
      'approve',
      { bypassPolicy: true, comment: 'bucket is empty, agreed with data team' },
      'admin',
    );
    expect(bypassed.status).toBe(200);
    expect(bypassed.body.status).toBe('approved');
    expect(bypassed.body.policy.bypass).toMatchObject({
      actor: 'user:default/admin',
      reason: 'bucket is empty, agreed with data team',
    });
    expect(bypassed.body.event.details.policyBypassed).toBe(true);
  });

  it('keeps warnings informative: a cost warning does not block approval', async () => {
    const { create, act, executor } = await setup();
    const id = (await create(good)).body.id;
    await act(id, 'plan');
    await executor.lastRun().finish('succeeded', {
      artifacts: {
        'plan.json': readFixture('plans/tf-plan-format__create.json'),
      },
    });

    const approved = await act(id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.policy.postPlan).toEqual([
      expect.objectContaining({ ruleId: 'dev-cost', severity: 'warning' }),
    ]);
  });

  it('refuses bypassPolicy on anything but an approval', async () => {
    const { create, act } = await setup();
    const id = (await create(good)).body.id;
    const res = await act(id, 'plan', { bypassPolicy: true }, 'admin');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'bypassPolicy: only an approval can bypass policy findings',
    );
  });
});
