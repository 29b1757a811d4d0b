import { AuthenticationError } from '@backstage/errors';
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_HEADER = 'x-hub-signature-256';
const PREFIX = 'sha256=';
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/** The header value GitHub sends for `body` signed with `secret`. */
export function signWebhookBody(secret: string, body: Buffer): string {
  return `${PREFIX}${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Proves a delivery comes from GitHub: `X-Hub-Signature-256` must be the
 * HMAC-SHA256 of the raw body under the webhook secret. Compared in constant
 * time, before anything in the body is read. Throws AuthenticationError.
 */
export function verifyWebhookSignature(
  secret: string | undefined,
  headers: Record<string, string | undefined>,
  body: Buffer,
): void {
  if (!secret) {
    throw new AuthenticationError(
      'tfpilot.executor.github.webhookSecret is not configured',
    );
  }
  const header = headers[SIGNATURE_HEADER];
  if (!header) {
    throw new AuthenticationError(
      'The delivery has no X-Hub-Signature-256 header',
    );
  }
  const hex = header.startsWith(PREFIX) ? header.slice(PREFIX.length) : '';
  if (!HEX_SHA256.test(hex)) {
    throw new AuthenticationError(
      'X-Hub-Signature-256 is not a sha256= signature',
    );
  }
  const expected = createHmac('sha256', secret).update(body).digest();
  if (!timingSafeEqual(Buffer.from(hex, 'hex'), expected)) {
    throw new AuthenticationError(
      'X-Hub-Signature-256 does not match the delivery',
    );
  }
}
