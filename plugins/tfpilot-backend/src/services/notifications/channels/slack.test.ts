import { SlackTestServer } from '@tfpilot/test';
import { renderRequestMessage } from '../message';
import {
  REQUEST_ID,
  requestRecord,
  RUN_OUTPUT,
  SECRET_INPUT,
} from '../__testUtils__/records';
import { escapeMrkdwn, SlackChannel, slackMessage } from './slack';

const BASE = 'https://backstage.example.com';
const message = renderRequestMessage(
  'approval_required',
  requestRecord('approval_requested', { status: 'awaiting_approval' }),
  BASE,
);

describe('SlackChannel', () => {
  let slack: SlackTestServer;

  beforeEach(async () => {
    slack = await SlackTestServer.start({ channels: ['#prod-approvals'] });
  });
  afterEach(() => slack.stop());

  const api = (token = slack.token) =>
    new SlackChannel({ mode: 'api', token, apiBaseUrl: slack.apiBaseUrl });

  it('posts with chat.postMessage: channel, text and blocks Slack accepts', async () => {
    await api().send('#prod-approvals', message);

    expect(slack.violations).toEqual([]);
    expect(slack.messages).toHaveLength(1);
    const [posted] = slack.messages;
    expect(posted).toMatchObject({
      via: 'api',
      channel: '#prod-approvals',
      options: { unfurl_links: false, unfurl_media: false },
    });
    expect(posted.text).toContain(
      'Approval required: object-bucket@1.2.0 in prod',
    );
    const blocks = JSON.stringify(posted.blocks);
    expect(blocks).toContain(
      `<${BASE}/tfpilot/requests/${REQUEST_ID}|Approval required: object-bucket@1.2.0 in prod>`,
    );
    expect(blocks).toContain('+12.30 USD (total 45.00 USD)');
    expect(blocks).not.toContain(SECRET_INPUT);
    expect(blocks).not.toContain(RUN_OUTPUT);
  });

  it('posts to an incoming webhook, which answers ok', async () => {
    const channel = new SlackChannel({
      mode: 'webhook',
      webhookUrl: slack.webhookUrl,
    });
    await channel.send('webhook', message);
    expect(slack.violations).toEqual([]);
    expect(slack.messages[0]).toMatchObject({
      via: 'webhook',
      channel: 'webhook',
    });
  });

  it('fails for good on a bad token or an unknown channel', async () => {
    await expect(
      api('xoxb-wrong').send('#prod-approvals', message),
    ).rejects.toMatchObject({
      retryable: false,
      message: 'Slack refused the message: invalid_auth',
    });
    await expect(api().send('#nowhere', message)).rejects.toMatchObject({
      retryable: false,
      message: 'Slack refused the message: channel_not_found',
    });
  });

  it('asks to retry on 5xx and rate limits, with the Retry-After asked for', async () => {
    slack.fail({ status: 500 });
    await expect(api().send('#prod-approvals', message)).rejects.toMatchObject({
      retryable: true,
      message: expect.stringContaining('HTTP 500'),
    });
    slack.fail({ status: 429, retryAfterSeconds: 3 });
    await expect(api().send('#prod-approvals', message)).rejects.toMatchObject({
      retryable: true,
      retryAfterMs: 3000,
    });
    slack.fail({ error: 'ratelimited', retryAfterSeconds: 2 });
    await expect(api().send('#prod-approvals', message)).rejects.toMatchObject({
      retryable: true,
      retryAfterMs: 2000,
    });
    expect(slack.messages).toHaveLength(0);
  });

  it('a webhook that is gone is gone', async () => {
    const channel = new SlackChannel({
      mode: 'webhook',
      webhookUrl: `${slack.url}/services/T0/B0/revoked`,
    });
    await expect(channel.send('webhook', message)).rejects.toMatchObject({
      retryable: false,
      message: 'Slack answered HTTP 404: no_service',
    });
  });
});

describe('slackMessage', () => {
  it('escapes what Slack would read as markup', () => {
    expect(escapeMrkdwn('a <b> & c')).toBe('a &lt;b&gt; &amp; c');
    const body = slackMessage({ ...message, title: '<!channel> & co' });
    expect(JSON.stringify(body)).not.toContain('<!channel>');
  });

  it('does not link a relative path', () => {
    const body = slackMessage({ ...message, link: '/tfpilot/requests/x' });
    expect(JSON.stringify(body)).not.toContain('</tfpilot');
  });
});
