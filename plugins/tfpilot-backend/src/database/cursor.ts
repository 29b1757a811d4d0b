import { InputError } from '@backstage/errors';

/** Opaque page cursors: base64url of a JSON array of strings. */
export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const parts: unknown = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (
      Array.isArray(parts) &&
      parts.length === length &&
      parts.every(p => typeof p === 'string' && p.length <= 400)
    ) {
      return parts;
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError('cursor: not a cursor returned by this API');
}
