import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

// One address, no display name: nothing that could end a header or add one.
const EMAIL_ADDRESS = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]{1,253}$/;

/** A bare address such as `jane@example.com`: no names, no lists, no line breaks. */
export function isEmailAddress(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    EMAIL_ADDRESS.test(value) &&
    value.split('@')[1].includes('.')
  );
}

export const lowerRef = (ref: string): string => ref.toLocaleLowerCase('en-US');

/**
 * A user or group ref in its full, lower-case form (`group:default/team-a`),
 * or undefined when `value` is not one.
 */
export function normalizePrincipalRef(value: string): string | undefined {
  try {
    const parsed = parseEntityRef(value, { defaultNamespace: 'default' });
    const kind = lowerRef(parsed.kind);
    if (kind !== 'user' && kind !== 'group') return undefined;
    return lowerRef(stringifyEntityRef(parsed));
  } catch {
    return undefined;
  }
}

export function refKind(ref: string): string | undefined {
  try {
    return lowerRef(parseEntityRef(ref).kind);
  } catch {
    return undefined;
  }
}
