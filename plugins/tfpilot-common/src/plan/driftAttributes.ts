import { anyMarked } from './mask';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const hasOwn = (obj: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(obj, key);

/**
 * Whether two JSON values are equal, whatever the order of object keys.
 * Walks with an explicit stack, so a deeply nested value cannot overflow
 * the call stack.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  for (let pair = stack.pop(); pair; pair = stack.pop()) {
    const [x, y] = pair;
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      x.forEach((item, i) => stack.push([item, y[i]]));
      continue;
    }
    if (!isRecord(x) || !isRecord(y)) return false;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    for (const key of keys) {
      if (!hasOwn(y, key)) return false;
      stack.push([x[key], y[key]]);
    }
  }
  return true;
}

/** The sensitivity marks of one top-level attribute. */
function marksOf(marks: unknown, name: string): unknown {
  if (marks === true) return true;
  return isRecord(marks) && hasOwn(marks, name) ? marks[name] : undefined;
}

const valueOf = (values: Record<string, unknown>, name: string): unknown =>
  hasOwn(values, name) ? values[name] : null;

/**
 * The top-level attributes a `resource_drift` change shows as different,
 * sorted; undefined when it shows none (the object was deleted or created).
 * Only names come out, so a sensitive attribute is named, never valued.
 *
 * Plans uploaded by the TfPilot workflows hide sensitive values on both
 * sides behind the same placeholder. When nothing else differs, the change
 * can only be behind those, so the sensitive attributes are named instead.
 */
export function changedAttributes(
  change: Record<string, unknown>,
): string[] | undefined {
  const { before, after } = change;
  if (!isRecord(before) || !isRecord(after)) return undefined;
  const changed: string[] = [];
  const sensitive: string[] = [];
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!sameJson(valueOf(before, name), valueOf(after, name))) {
      changed.push(name);
    }
    if (
      anyMarked(marksOf(change.before_sensitive, name)) ||
      anyMarked(marksOf(change.after_sensitive, name))
    ) {
      sensitive.push(name);
    }
  }
  const found = changed.length > 0 ? changed : sensitive;
  return found.length > 0 ? found.sort() : undefined;
}
