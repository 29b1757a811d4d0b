import { SlackTestServer } from './SlackTestServer';

describe('SlackTestServer', () => {
  let slack: SlackTestServer;
  beforeEach(async () => {
    slack = await SlackTestServer.start({ channels: ['#infra'] });
  });
  afterEach(() => slack.stop());

  const post = (body: unknown, token = slack.token) =>
    fetch(`${slack.apiBaseUrl}/chat.postMessage`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json; charset=utf-8',
      },
      body: JSON.stringify(body),
    });

  it('answers chat.postMessage like Slack', async () => {
    const ok = await post({ channel: '#infra', text: 'hello' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      ok: true,
      channel: '#infra',
      ts: expect.stringMatching(/^\d+\.\d{6}$/),
    });
    expect(
      await (await post({ channel: '#infra', text: 'x' }, 'xoxb-no')).json(),
    ).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect(await (await post({ channel: '#other', text: 'x' })).json()).toEqual(
      {
        ok: false,
        error: 'channel_not_found',
      },
    );
    expect(await (await post({ channel: '#infra' })).json()).toEqual({
      ok: false,
      error: 'no_text',
    });
    expect(slack.messages).toHaveLength(1);
  });

  it('checks blocks against Slack limits', async () => {
    const fields = Array.from({ length: 11 }, () => ({
      type: 'mrkdwn',
      text: 'f',
    }));
    const answer = await post({
      channel: '#infra',
      blocks: [{ type: 'section', fields }, { type: 'section' }],
    });
    expect(await answer.json()).toEqual({ ok: false, error: 'invalid_blocks' });
    expect(slack.violations).toEqual([
      'chat.postMessage: blocks[0].fields: at most 10 text objects',
      'chat.postMessage: blocks[1]: a section needs text or fields',
    ]);
  });

  it('rate-limits and fails on demand', async () => {
    slack.fail({ status: 429, retryAfterSeconds: 7 });
    const limited = await post({ channel: '#infra', text: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toEqual({ ok: false, error: 'ratelimited' });

    slack.fail({ via: 'webhook', status: 500 });
    const broken = await fetch(slack.webhookUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'x' }),
    });
    expect(broken.status).toBe(500);
    const fine = await fetch(slack.webhookUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'x' }),
    });
    expect(await fine.text()).toBe('ok');
    await slack.waitForMessages(1);
    expect(slack.messages[0]).toMatchObject({ via: 'webhook', text: 'x' });
  });
});
