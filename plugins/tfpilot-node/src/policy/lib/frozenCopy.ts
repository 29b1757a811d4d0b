/**
 * A deep copy of plain data, frozen all the way down, so that rules written
 * by others cannot change what the rules after them see. `structuredClone`
 * drops prototypes, getters and functions; it throws on what it cannot copy.
 */
export function frozenCopy<T>(value: T): T {
  const copy = structuredClone(value);
  // An explicit stack: deeply nested input must not overflow the call stack.
  const stack: unknown[] = [copy];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'object' && item !== null && !Object.isFrozen(item)) {
      Object.freeze(item);
      for (const child of Object.values(item)) stack.push(child);
    }
  }
  return copy;
}
