import { SENSITIVE, UNKNOWN } from './types';

type Marks = unknown; // true, false, or an object/array of marks shaped like the value

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const hasOwn = (obj: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(obj, key);

function markAt(marks: Marks, key: string | number): Marks {
  if (Array.isArray(marks))
    return typeof key === 'number' ? marks[key] : undefined;
  if (isRecord(marks)) {
    const k = String(key);
    return hasOwn(marks, k) ? marks[k] : undefined;
  }
  return undefined;
}

/**
 * Copies a planned value with every sensitive part replaced by "(sensitive)"
 * and every unknown part by "(known after apply)". Terraform describes both
 * with mark trees shaped like the value (`after_sensitive`, `after_unknown`).
 */
export function maskValue(
  value: unknown,
  sensitive: Marks,
  unknown: Marks,
): unknown {
  if (sensitive === true) return SENSITIVE;
  if (unknown === true) return UNKNOWN;
  if (Array.isArray(value)) {
    return value.map((item, i) =>
      maskValue(item, markAt(sensitive, i), markAt(unknown, i)),
    );
  }
  if (isRecord(value)) {
    const entries: [string, unknown][] = Object.entries(value).map(([k, v]) => [
      k,
      maskValue(v, markAt(sensitive, k), markAt(unknown, k)),
    ]);
    // Terraform leaves unknown attributes out of `after`; only the marks
    // say they exist, so show them from there.
    if (isRecord(unknown)) {
      for (const [k, mark] of Object.entries(unknown)) {
        if (!hasOwn(value, k) && anyMarked(mark)) {
          entries.push([k, maskValue(undefined, markAt(sensitive, k), mark)]);
        }
      }
    }
    // fromEntries defines own properties, so a "__proto__" key stays data.
    return Object.fromEntries(entries);
  }
  // Unknown values are absent (or null) in `after`; their marks still say so.
  if ((value === null || value === undefined) && anyMarked(unknown)) {
    return UNKNOWN;
  }
  return value === undefined ? null : value;
}

/** True when any part of a mark tree is set. */
export function anyMarked(marks: Marks): boolean {
  if (marks === true) return true;
  if (Array.isArray(marks)) return marks.some(anyMarked);
  if (isRecord(marks)) return Object.values(marks).some(anyMarked);
  return false;
}
