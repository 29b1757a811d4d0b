import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { SlackTestServer } from '@tfpilot/test';
import { RecordingNotificationService } from '../../__testUtils__/startTfpilotTestBackend';
import { createRequestNotifier } from './createRequestNotifier';
import { RequestNotifier } from './RequestNotifier';
import { ORG } from './__testUtils__/org';
import {
  REQUEST_ID,
  requestRecord,
  SECRET_INPUT,
} from './__testUtils__/records';
import { SmtpTestServer } from './__testUtils__/SmtpTestServer';

const BASE = 'https://backstage.example.com';
const planFailed = requestRecord('plan_failed');
const approval = (environment = 'prod', revision = 5) =>
  requestRecord('approval_requested', {
    status: 'awaiting_approval',
    environment,
    revision,
  });

describe('RequestNotifier', () => {
  let smtp: SmtpTestServer;
  let slack: SlackTestServer;
  let inApp: RecordingNotificationService;
  let notifier: RequestNotifier;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let catalog: ReturnType<typeof catalogServiceMock>;

  beforeEach(async () => {
    smtp = await SmtpTestServer.start();
    slack = await SlackTestServer.start({
      channels: ['#prod-approvals', '#infra'],
    });
    inApp = new RecordingNotificationService();
    logger = mockServices.logger.mock();
    catalog = catalogServiceMock({ entities: ORG });
  });

  afterEach(async () => {
    await notifier?.shutdown();
    await smtp.stop();
    await slack.stop();
  });

  function setup(notifications: JsonObject = {}) {
    const config = new ConfigReader({
      app: { baseUrl: BASE },
      tfpilot: {
        rbac: { roles: { approver: ['group:default/platform'] } },
        notifications: {
          email: {
            from: 'tfpilot@example.com',
            smtp: { host: smtp.host, port: smtp.port, secure: false },
          },
          slack: {
            token: slack.token,
            apiBaseUrl: slack.apiBaseUrl,
            defaultChannel: '#infra',
          },
          retry: { attempts: 3, backoffMs: 5, maxBackoffMs: 2000 },
          ...notifications,
        },
      },
    });
    notifier = createRequestNotifier({
      config,
      logger,
      auth: mockServices.auth(),
      catalog,
      notifications: inApp,
      environments: ['dev', 'stage', 'prod'],
    });
    return notifier;
  }

  const inAppRecipients = () =>
    inApp.sent.map(n =>
      n.recipients.type === 'entity' ? n.recipients.entityRef : 'broadcast',
    );
  const emailRecipients = () => smtp.messages.flatMap(m => m.envelopeTo).sort();

  describe('without routes', () => {
    it('tells the owner in-app that their plan failed', async () => {
      await setup().notify(planFailed);

      expect(inApp.sent).toEqual([
        {
          recipients: { type: 'entity', entityRef: 'user:default/jane' },
          payload: {
            title: 'Plan failed: object-bucket@1.2.0 in prod',
            description: expect.stringContaining(
              'The plan run failed; nothing was changed.',
            ),
            link: `/tfpilot/requests/${REQUEST_ID}`,
            severity: 'high',
            topic: 'tfpilot',
            scope: `tfpilot:${REQUEST_ID}:3`,
            metadata: {
              requestId: REQUEST_ID,
              revision: 3,
              event: 'plan_failed',
            },
          },
        },
      ]);
      expect(JSON.stringify(inApp.sent)).not.toContain(SECRET_INPUT);
      expect(smtp.messages).toHaveLength(0);
      expect(slack.messages).toHaveLength(0);
    });

    it('tells the approvers in-app that a plan waits for them', async () => {
      await setup().notify(approval());
      expect(inAppRecipients()).toEqual(['group:default/platform']);
    });

    it('says nothing about events nobody needs to hear of', async () => {
      setup();
      await notifier.notify(
        requestRecord('plan_requested', { status: 'planning' }),
      );
      await notifier.notify(requestRecord('approved', { status: 'approved' }));
      expect(inApp.sent).toEqual([]);
    });

    it('says nothing at all when turned off', async () => {
      await setup({ enabled: false }).notify(planFailed);
      expect(inApp.sent).toEqual([]);
    });
  });

  describe('routes', () => {
    const prodApprovals = {
      events: ['approval_required'],
      environments: ['prod'],
      notify: ['approvers'],
      channels: ['email', 'slack'],
      slackChannel: '#prod-approvals',
    };

    it('writes to every approver, sub-teams included, and posts to the route channel', async () => {
      await setup({ routes: [prodApprovals] }).notify(approval('prod'));

      // kim and lee are in platform, sam in its sub-team sre; lee has no email.
      expect(emailRecipients()).toEqual(['kim@example.com', 'sam@example.com']);
      expect(smtp.messages[0].text).toContain(
        `Open the request: ${BASE}/tfpilot/requests/${REQUEST_ID}`,
      );
      expect(slack.messages.map(m => m.channel)).toEqual(['#prod-approvals']);
      expect(slack.violations).toEqual([]);
      expect(inAppRecipients()).toEqual(['group:default/platform']);
      expect(logger.info).toHaveBeenCalledWith(
        expect.stringContaining('No email for user:default/lee'),
      );
    });

    it('leaves other environments to the other routes', async () => {
      await setup({ routes: [prodApprovals] }).notify(approval('dev'));
      expect(smtp.messages).toHaveLength(0);
      expect(slack.messages).toHaveLength(0);
      expect(inAppRecipients()).toEqual(['group:default/platform']);
    });

    it("matches the owner's groups, through parent groups too", async () => {
      setup({
        defaultRoutes: false,
        routes: [
          {
            events: ['plan_failed'],
            ownerGroups: ['group:default/team-a'],
            notify: ['owner', 'user:default/bob'],
            channels: ['email'],
          },
        ],
      });
      await notifier.notify(planFailed); // jane is in team-a-devs, under team-a
      expect(emailRecipients()).toEqual([
        'bob@example.com',
        'jane@example.com',
      ]);

      await notifier.notify(
        requestRecord('plan_failed', {
          owner: 'user:default/kim',
          revision: 9,
        }),
      );
      expect(smtp.messages).toHaveLength(2);
    });

    it('reaches each recipient once per channel, however many routes name them', async () => {
      await setup({
        routes: [
          { events: ['plan_failed'], channels: ['email', 'slack', 'inApp'] },
          {
            events: ['plan_failed'],
            notify: ['group:default/team-a'],
            emails: ['jane@example.com', 'infra-list@example.com'],
            channels: ['email', 'slack'],
          },
        ],
      }).notify(planFailed);

      expect(emailRecipients()).toEqual([
        'infra-list@example.com',
        'jane@example.com',
      ]);
      expect(slack.messages.map(m => m.channel)).toEqual(['#infra']);
      expect(inAppRecipients()).toEqual(['user:default/jane']);
    });
  });

  describe('idempotency', () => {
    const route = {
      events: ['plan_failed'],
      channels: ['email', 'slack', 'inApp'],
    };

    it('notifies a revision once even when told twice', async () => {
      setup({ routes: [route] });
      await Promise.all([
        notifier.notify(planFailed),
        notifier.notify(planFailed),
      ]);
      await notifier.notify(planFailed);

      expect(emailRecipients()).toEqual(['jane@example.com']);
      expect(slack.messages).toHaveLength(1);
      expect(inAppRecipients()).toEqual(['user:default/jane']);

      await notifier.notify(requestRecord('plan_failed', { revision: 7 }));
      expect(smtp.messages).toHaveLength(2);
    });
  });

  describe('delivery failures', () => {
    const everywhere = {
      events: ['plan_failed'],
      channels: ['email', 'slack'],
    };

    it('retries a greylisting SMTP server and a busy Slack until delivered', async () => {
      setup({ routes: [everywhere] });
      smtp.fail({ code: 451, message: 'Greylisted' });
      slack.fail({ status: 500 });
      slack.fail({ error: 'ratelimited', retryAfterSeconds: 1 });

      const started = Date.now();
      await notifier.notify(planFailed);

      expect(smtp.refused).toBe(1);
      expect(emailRecipients()).toEqual(['jane@example.com']);
      expect(slack.messages).toHaveLength(1);
      expect(slack.calls.map(c => c.status)).toEqual([500, 200, 200]);
      expect(slack.calls.map(c => c.error)).toEqual([
        'server_error',
        'ratelimited',
        undefined,
      ]);
      // Slack asked for a second; the wait was honoured.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /failed \(attempt 1 of 3\), retrying in \d+ ms: SMTP 451/,
        ),
      );
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /\(slack\) failed \(attempt 2 of 3\), retrying in 1000 ms: Slack refused the message: ratelimited/,
        ),
      );
      expect(logger.error).not.toHaveBeenCalled();
    });

    it('gives up on a permanent failure at once, and on a transient one after the last attempt', async () => {
      setup({ routes: [everywhere] });
      smtp.fail({ code: 550, message: 'No such user', count: 10 });
      slack.fail({ via: 'api', status: 503, count: 10 });

      await expect(notifier.notify(planFailed)).resolves.toBeUndefined();

      expect(smtp.refused).toBe(1);
      expect(slack.calls.map(c => c.status)).toEqual([503, 503, 503]);
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining(
          `Gave up notifying plan_failed of request ${REQUEST_ID} revision 3 to jane@example.com (email): SMTP 550`,
        ),
      );
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining('to #infra (slack): Slack answered HTTP 503'),
      );
    });

    it('still notifies in-app when the catalog cannot be read', async () => {
      jest
        .spyOn(catalog, 'getEntitiesByRefs')
        .mockRejectedValue(new Error('catalog is down'));
      await setup({
        routes: [{ events: ['plan_failed'], channels: ['email'] }],
      }).notify(planFailed);

      expect(inAppRecipients()).toEqual(['user:default/jane']);
      expect(smtp.messages).toHaveLength(0);
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining(
          'Could not read the people of user:default/jane from the catalog for notifications: catalog is down',
        ),
      );
    });

    it('stops retrying when the backend stops', async () => {
      setup({
        routes: [everywhere],
        retry: { attempts: 10, backoffMs: 60_000 },
      });
      smtp.fail({ code: 451, count: 100 });
      const delivery = notifier.notify(planFailed);
      await smtp.waitForRefusals(1);

      const started = Date.now();
      await notifier.shutdown();
      await delivery;
      expect(Date.now() - started).toBeLessThan(2000);
      expect(smtp.refused).toBe(1);
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining('Gave up notifying'),
      );
    });
  });
});
