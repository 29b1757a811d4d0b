import { AuthenticationError } from '@backstage/errors';
import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from './webhookSignature';

const SECRET = 'It is a secret to everybody';
const BODY = Buffer.from('{"action":"completed"}');

const headers = (signature?: string) => ({
  'x-github-event': 'workflow_run',
  'x-hub-signature-256': signature,
});

describe('verifyWebhookSignature', () => {
  it('accepts the HMAC-SHA256 of the raw body', () => {
    expect(() =>
      verifyWebhookSignature(
        SECRET,
        headers(signWebhookBody(SECRET, BODY)),
        BODY,
      ),
    ).not.toThrow();
  });

  it("matches GitHub's documented example", () => {
    // docs.github.com "Validating webhook deliveries": secret and payload below.
    expect(
      signWebhookBody(
        "It's a Secret to Everybody",
        Buffer.from('Hello, World!'),
      ),
    ).toBe(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });

  it('refuses a signature made with another secret', () => {
    expect(() =>
      verifyWebhookSignature(
        SECRET,
        headers(signWebhookBody('another secret', BODY)),
        BODY,
      ),
    ).toThrow(
      new AuthenticationError(
        'X-Hub-Signature-256 does not match the delivery',
      ),
    );
  });

  it('refuses a body changed after signing', () => {
    const signature = signWebhookBody(SECRET, BODY);
    expect(() =>
      verifyWebhookSignature(
        SECRET,
        headers(signature),
        Buffer.from('{"action":"completed" }'),
      ),
    ).toThrow(AuthenticationError);
  });

  it('refuses a delivery without a signature', () => {
    expect(() => verifyWebhookSignature(SECRET, headers(), BODY)).toThrow(
      'The delivery has no X-Hub-Signature-256 header',
    );
  });

  it('refuses another algorithm or a malformed value', () => {
    const sha1 = `sha1=${createHmac('sha1', SECRET)
      .update(BODY)
      .digest('hex')}`;
    const hex = createHmac('sha256', SECRET).update(BODY).digest('hex');
    for (const value of [
      sha1,
      hex,
      `sha512=${hex}`,
      'sha256=',
      `sha256=${hex}00`,
    ]) {
      expect(() =>
        verifyWebhookSignature(SECRET, headers(value), BODY),
      ).toThrow('X-Hub-Signature-256 is not a sha256= signature');
    }
  });

  it('refuses every delivery when no secret is configured', () => {
    expect(() =>
      verifyWebhookSignature(
        undefined,
        headers(signWebhookBody('', BODY)),
        BODY,
      ),
    ).toThrow('tfpilot.executor.github.webhookSecret is not configured');
  });
});
