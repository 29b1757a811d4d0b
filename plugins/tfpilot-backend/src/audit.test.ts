import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readFixture } from '@tfpilot/test';
import request from 'supertest';
import { startTfpilotTestBackend } from './__testUtils__/startTfpilotTestBackend';

interface Recorded {
  eventId: string;
  severityLevel?: string;
  meta?: object;
  outcome?: 'success' | 'fail';
  error?: string;
}

describe('audit log', () => {
  const dir = createMockDirectory();

  async function setup(denied: string[] = []) {
    const recorded: Recorded[] = [];
    const auditor = mockServices.auditor.mock({
      createEvent: async options => {
        const entry: Recorded = {
          eventId: options.eventId,
          severityLevel: options.severityLevel,
          meta: options.meta,
        };
        recorded.push(entry);
        return {
          success: async () => {
            entry.outcome = 'success';
          },
          fail: async ({ error }) => {
            entry.outcome = 'fail';
            entry.error = error.name;
          },
        };
      },
    });
    const decide = async <T extends { permission: { name: string } }>(
      requests: T[],
    ) =>
      requests.map(r => ({
        result: denied.includes(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })) as { result: AuthorizeResult.ALLOW | AuthorizeResult.DENY }[];
    const { server, executor } = await startTfpilotTestBackend({
      storageDir: dir.path,
      features: [
        auditor.factory,
        mockServices.permissions.mock({
          authorize: decide,
          authorizeConditional: decide,
        }).factory,
      ],
    });
    const post = (path: string) =>
      request(server)
        .post(`/api/tfpilot${path}`)
        .set('Authorization', mockCredentials.user.header('user:default/ann'))
        .send({});
    return { recorded, executor, post, server };
  }

  it('records approvals, applies and destroys with the request and outcome', async () => {
    const { recorded, executor, post, server } = await setup();
    const created = await request(server)
      .post('/api/tfpilot/requests')
      .set('Authorization', mockCredentials.user.header('user:default/ann'))
      .send({
        module: { name: 'object-bucket', version: '1.0.0' },
        environment: 'dev',
        entityRef: 'component:default/checkout',
      });
    const id = created.body.id;
    await post(`/requests/${id}/plan`);
    await executor.lastRun().finish('succeeded', {
      artifacts: {
        'plan.json': readFixture('plans/tf-plan-format__create.json'),
      },
    });
    await post(`/requests/${id}/approve`);
    await post(`/requests/${id}/apply`);
    await executor.lastRun().finish('succeeded');
    await post(`/requests/${id}/destroy`);
    await post(`/requests/${id}/approve`);

    expect(recorded).toEqual([
      {
        eventId: 'request-approve',
        severityLevel: 'medium',
        meta: { requestId: id, action: 'approve' },
        outcome: 'success',
      },
      {
        eventId: 'request-apply',
        severityLevel: 'high',
        meta: { requestId: id, action: 'apply' },
        outcome: 'success',
      },
      {
        eventId: 'request-destroy',
        severityLevel: 'high',
        meta: { requestId: id, action: 'destroy' },
        outcome: 'success',
      },
      // Refused by the lifecycle: recorded as a failure.
      {
        eventId: 'request-approve',
        severityLevel: 'medium',
        meta: { requestId: id, action: 'approve' },
        outcome: 'fail',
        error: 'ConflictError',
      },
    ]);
  });

  it('records a refused attempt as a failure', async () => {
    const { recorded, post } = await setup(['tfpilot.admin']);
    const res = await post('/admin/reindex');
    expect(res.status).toBe(403);
    expect(recorded).toEqual([
      expect.objectContaining({
        eventId: 'admin-reindex',
        outcome: 'fail',
        error: 'NotAllowedError',
      }),
    ]);
  });
});
