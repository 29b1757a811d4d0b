import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { startTfpilotTestBackend } from '../../__testUtils__/startTfpilotTestBackend';
import { ORG } from './__testUtils__/org';
import { SmtpTestServer } from './__testUtils__/SmtpTestServer';

const BASE = 'https://backstage.example.com';
const INPUT_VALUE = 'checkout-artifacts-7f3a';
const jane = mockCredentials.user.header('user:default/jane');

describe('notifications through the real backend', () => {
  const dir = createMockDirectory();
  let smtp: SmtpTestServer;

  beforeEach(async () => {
    dir.clear();
    smtp = await SmtpTestServer.start({
      auth: { user: 'tfpilot', pass: 'pw' },
    });
  });
  afterEach(() => smtp.stop());

  async function failPlan() {
    const started = await startTfpilotTestBackend({
      storageDir: dir.path,
      config: { app: { baseUrl: BASE } },
      tfpilot: {
        notifications: {
          email: {
            from: 'tfpilot@example.com',
            smtp: {
              host: smtp.host,
              port: smtp.port,
              secure: false,
              auth: { user: 'tfpilot', pass: 'pw' },
            },
          },
          routes: [{ events: ['plan_failed'], channels: ['email'] }],
          retry: { attempts: 2, backoffMs: 10 },
        },
      },
      features: [catalogServiceMock.factory({ entities: ORG })],
    });
    const { server, executor } = started;
    const created = await request(server)
      .post('/api/tfpilot/requests')
      .set('Authorization', jane)
      .send({
        module: { name: 'object-bucket', version: '1.0.0' },
        environment: 'dev',
        inputs: { name: INPUT_VALUE },
        entityRef: 'component:default/checkout',
      });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    await request(server)
      .post(`/api/tfpilot/requests/${id}/plan`)
      .set('Authorization', jane)
      .send({})
      .expect(200);
    await executor
      .lastRun()
      .finish('failed', { message: `bad ${INPUT_VALUE}` });
    const get = () =>
      request(server)
        .get(`/api/tfpilot/requests/${id}`)
        .set('Authorization', jane);
    return { ...started, id, get };
  }

  it('emails the owner when their plan fails', async () => {
    const { id, notifications } = await failPlan();

    await smtp.waitForMessages(1);
    const [mail] = smtp.messages;
    expect(mail.envelopeTo).toEqual(['jane@example.com']);
    expect(mail.user).toBe('tfpilot');
    expect(mail.subject).toBe(
      '[TfPilot] Plan failed: object-bucket@1.0.0 in dev',
    );
    expect(mail.text).toContain(
      `Open the request: ${BASE}/tfpilot/requests/${id}`,
    );
    expect(mail.raw).not.toContain(INPUT_VALUE);

    // The built-in route told jane in the app as well.
    expect(notifications).toMatchObject({
      sent: [
        {
          recipients: { type: 'entity', entityRef: 'user:default/jane' },
          payload: { title: 'Plan failed: object-bucket@1.0.0 in dev' },
        },
      ],
    });
  });

  it('keeps the request going when the mail server refuses for good', async () => {
    smtp.fail({ code: 550, message: 'Mailbox unavailable', count: 10 });
    const { get } = await failPlan();

    await smtp.waitForRefusals(1);
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'plan_failed', revision: 3 });
    // 550 is final: no second attempt.
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(smtp.refused).toBe(1);
    expect(smtp.messages).toHaveLength(0);
  });
});
