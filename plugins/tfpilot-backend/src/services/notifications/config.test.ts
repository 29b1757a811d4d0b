import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import {
  DEFAULT_RETRY,
  DEFAULT_ROUTES,
  readNotificationSettings,
} from './config';

const environments = ['dev', 'stage', 'prod'];

function read(notifications: JsonObject | undefined, extra: JsonObject = {}) {
  const logger = mockServices.logger.mock();
  const config = new ConfigReader({
    ...extra,
    tfpilot: {
      ...(notifications ? { notifications } : {}),
      rbac: { roles: { approver: ['group:default/Platform', 'user:jo'] } },
    },
  });
  return {
    settings: readNotificationSettings(config, { environments, logger }),
    logger,
  };
}

const smtp = {
  from: 'tfpilot@example.com',
  smtp: { host: 'mail.example.com' },
};

describe('readNotificationSettings', () => {
  it('without configuration: in-app to owner and approvers', () => {
    const { settings } = read(undefined, {
      app: { baseUrl: 'https://backstage.example.com/' },
    });
    expect(settings).toEqual({
      enabled: true,
      routes: DEFAULT_ROUTES,
      approvers: ['group:default/platform', 'user:default/jo'],
      retry: DEFAULT_RETRY,
      appBaseUrl: 'https://backstage.example.com',
    });
  });

  it('reads the example of docs/notifications.md', () => {
    const doc = readFileSync(
      resolve(__dirname, '../../../../../docs/notifications.md'),
      'utf8',
    );
    const example = parse(doc.split('```yaml\n')[1].split('```')[0]);
    const { settings } = read(example.tfpilot.notifications);

    expect(settings.email).toEqual({
      from: 'tfpilot@example.com',
      replyTo: 'platform@example.com',
      smtp: {
        host: 'smtp.example.com',
        port: 587,
        secure: false,
        requireTLS: true,
        auth: { user: 'tfpilot', pass: '${SMTP_PASSWORD}' },
      },
    });
    expect(settings.slack).toEqual({
      mode: 'api',
      token: '${SLACK_BOT_TOKEN}',
      apiBaseUrl: 'https://slack.com/api',
      defaultChannel: '#infra',
    });
    expect(settings.routes.slice(DEFAULT_ROUTES.length)).toEqual([
      {
        events: ['approval_required'],
        environments: ['prod'],
        notify: ['approvers'],
        emails: [],
        channels: ['email', 'slack'],
        slackChannel: '#prod-approvals',
      },
      {
        events: ['plan_failed', 'apply_failed', 'drift_detected'],
        ownerGroups: ['group:default/team-a'],
        notify: ['owner', 'user:default/team-a-lead'],
        emails: [],
        channels: ['email', 'slack'],
        slackChannel: '#team-a-infra',
      },
      {
        events: ['applied', 'apply_failed', 'destroyed', 'destroy_failed'],
        environments: ['prod'],
        notify: [],
        emails: ['prod-changes@example.com'],
        channels: ['email'],
      },
    ]);
    expect(settings.retry).toEqual(DEFAULT_RETRY);
  });

  it('reads secure SMTP, short refs and partial retry settings', () => {
    const { settings } = read({
      email: { ...smtp, smtp: { host: 'smtp.example.com', port: 465 } },
      routes: [{ ownerGroups: ['group:team-a'], notify: ['user:lead'] }],
      retry: { attempts: 5, backoffMs: 500 },
    });
    expect(settings.email?.smtp).toEqual({
      host: 'smtp.example.com',
      port: 465,
      secure: true,
      requireTLS: false,
    });
    expect(settings.routes[DEFAULT_ROUTES.length]).toMatchObject({
      ownerGroups: ['group:default/team-a'],
      notify: ['user:default/lead'],
    });
    expect(settings.retry).toEqual({
      attempts: 5,
      backoffMs: 500,
      maxBackoffMs: 60_000,
    });
  });

  it('defaults SMTP to STARTTLS on 587', () => {
    expect(read({ email: smtp }).settings.email?.smtp).toEqual({
      host: 'mail.example.com',
      port: 587,
      secure: false,
      requireTLS: false,
    });
  });

  it('can leave out the built-in routes', () => {
    const { settings } = read({
      defaultRoutes: false,
      routes: [{ events: ['applied'] }],
    });
    expect(settings.routes).toHaveLength(1);
  });

  it.each([
    [
      { routes: [{ events: ['plan_done'] }] },
      'routes[0].events: unknown value "plan_done"',
    ],
    [
      { routes: [{ channels: ['pager'] }] },
      'routes[0].channels: unknown value "pager"',
    ],
    [
      { routes: [{ environments: ['qa'] }] },
      'routes[0].environments: unknown value "qa"',
    ],
    [
      { routes: [{ ownerGroups: ['user:default/jane'] }] },
      'routes[0].ownerGroups: "user:default/jane" is not a group ref',
    ],
    [
      { routes: [{ notify: ['component:default/x'] }] },
      'routes[0].notify: "component:default/x" is neither',
    ],
    [
      { routes: [{ emails: ['a@b.c, d@e.f'] }] },
      'routes[0].emails: "a@b.c, d@e.f" is not an email address',
    ],
    [
      { routes: [{ channels: ['email'] }] },
      'routes[0].channels: uses email, but notifications.email is not set',
    ],
    [
      { routes: [{ channels: ['slack'] }] },
      'routes[0].channels: uses slack, but notifications.slack is not set',
    ],
    [
      { slack: { token: 'xoxb-1' }, routes: [{ channels: ['slack'] }] },
      'routes[0]: posts to Slack but names no slackChannel',
    ],
    [
      { slack: {} },
      'slack: needs a bot token (token) or an incoming webhook URL',
    ],
    [
      { slack: { webhookUrl: 'ftp://x' } },
      'slack.webhookUrl: must be an http(s) URL',
    ],
    [
      { email: { ...smtp, from: 'TfPilot <t@example.com>' } },
      'email.from: not an email address',
    ],
    [
      { retry: { attempts: 0 } },
      'retry.attempts: must be a whole number of at least 1',
    ],
  ])('refuses %j, naming the field', (notifications, message) => {
    expect(() => read(notifications as JsonObject)).toThrow(
      `tfpilot.notifications.${message}`,
    );
  });

  it('lets Backstage name mistyped fields', () => {
    expect(() => read({ routes: [{ events: 'applied' }] })).toThrow(
      /tfpilot\.notifications\.routes\[0\]\.events/,
    );
  });

  it('warns when a webhook is asked to pick channels, or links cannot be absolute', () => {
    const { logger } = read({
      slack: { webhookUrl: 'https://hooks.slack.com/services/T/B/x' },
      routes: [{ channels: ['slack'], slackChannel: '#ignored' }],
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('routes[0].slackChannel is ignored'),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('app.baseUrl is not set'),
    );
  });

  it('warns when approvers are to be notified but nobody is one', () => {
    const logger = mockServices.logger.mock();
    readNotificationSettings(new ConfigReader({}), { environments, logger });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('tfpilot.rbac.roles.approver lists nobody'),
    );
  });
});
