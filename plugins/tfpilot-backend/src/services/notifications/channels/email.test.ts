import { renderRequestMessage } from '../message';
import { DeliveryError } from '../retry';
import {
  REQUEST_ID,
  requestRecord,
  RUN_OUTPUT,
  SECRET_INPUT,
} from '../__testUtils__/records';
import { SmtpTestServer } from '../__testUtils__/SmtpTestServer';
import { classifySmtpError, EmailChannel } from './email';

const BASE = 'https://backstage.example.com';
const message = renderRequestMessage(
  'plan_failed',
  requestRecord('plan_failed'),
  BASE,
);

describe('EmailChannel', () => {
  let smtp: SmtpTestServer;
  let channel: EmailChannel;

  afterEach(async () => {
    await channel?.close();
    await smtp?.stop();
  });

  function connect(auth?: { user: string; pass: string }) {
    channel = EmailChannel.create({
      from: 'tfpilot@example.com',
      replyTo: 'platform@example.com',
      smtp: {
        host: smtp.host,
        port: smtp.port,
        secure: false,
        requireTLS: false,
        ...(auth ? { auth } : {}),
      },
    });
  }

  it('delivers one plain-text message to a real SMTP server', async () => {
    smtp = await SmtpTestServer.start();
    connect();

    await channel.send('jane@example.com', message);

    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail.envelopeFrom).toBe('tfpilot@example.com');
    expect(mail.envelopeTo).toEqual(['jane@example.com']);
    expect(mail.headers.get('to')).toBe('jane@example.com');
    expect(mail.headers.get('reply-to')).toBe('platform@example.com');
    expect(mail.headers.get('x-tfpilot-request')).toBe(REQUEST_ID);
    expect(mail.headers.get('message-id')).toMatch(
      new RegExp(
        `^<tfpilot\\.${REQUEST_ID}\\.3\\.[0-9a-f]{16}@example\\.com>$`,
      ),
    );
    expect(mail.subject).toBe(
      '[TfPilot] Plan failed: object-bucket@1.2.0 in prod',
    );
    expect(mail.text).toContain(
      `Open the request: ${BASE}/tfpilot/requests/${REQUEST_ID}`,
    );
    expect(mail.text).toContain('Entity:       component:default/checkout');
    expect(mail.text).toContain('Run:          https://ci.example.com/runs/7');
    expect(mail.raw).not.toContain(SECRET_INPUT);
    expect(mail.raw).not.toContain(RUN_OUTPUT);
  });

  it('logs in when the server asks for it', async () => {
    const auth = { user: 'tfpilot', pass: 'mail-password' };
    smtp = await SmtpTestServer.start({ auth });
    connect(auth);

    await channel.send('jane@example.com', message);

    expect(smtp.messages[0].user).toBe('tfpilot');
  });

  it('fails permanently on a wrong login and on 5xx, transiently on 4xx', async () => {
    smtp = await SmtpTestServer.start({ auth: { user: 'u', pass: 'right' } });
    connect({ user: 'u', pass: 'wrong' });
    await expect(
      channel.send('jane@example.com', message),
    ).rejects.toMatchObject({
      name: 'DeliveryError',
      retryable: false,
    });
    await channel.close();

    connect({ user: 'u', pass: 'right' });
    smtp.fail({ code: 451, message: 'Greylisted, try later' });
    await expect(
      channel.send('jane@example.com', message),
    ).rejects.toMatchObject({
      retryable: true,
      message: expect.stringContaining('SMTP 451'),
    });
    smtp.fail({ code: 550, message: 'No such user' });
    await expect(
      channel.send('jane@example.com', message),
    ).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('SMTP 550'),
    });
    expect(smtp.messages).toHaveLength(0);
  });

  it('treats a server that is not there as worth another try', async () => {
    smtp = await SmtpTestServer.start();
    connect();
    await smtp.stop();
    const error = await channel.send('jane@example.com', message).catch(e => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.retryable).toBe(true);
  });
});

describe('classifySmtpError', () => {
  it.each([
    [{ responseCode: 421, code: 'EENVELOPE' }, true],
    [{ responseCode: 452 }, true],
    [{ responseCode: 554 }, false],
    [{ code: 'EAUTH' }, false],
    [{ code: 'ECONNECTION' }, true],
    [{ code: 'ETIMEDOUT' }, true],
    [new Error('???'), true],
  ])('%j retryable: %s', (error, retryable) => {
    expect(classifySmtpError(error).retryable).toBe(retryable);
  });
});
