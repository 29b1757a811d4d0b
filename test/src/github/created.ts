const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The first and last instant a bound such as `2024-05-01` or a timestamp names. */
function span(bound: string): [number, number] {
  if (bound === '*') return [-Infinity, Infinity];
  const start = Date.parse(
    DATE_ONLY.test(bound) ? `${bound}T00:00:00Z` : bound,
  );
  if (Number.isNaN(start)) throw new Error(`bad date ${bound}`);
  const end = DATE_ONLY.test(bound) ? start + 86_400_000 - 1 : start;
  return [start, end];
}

/**
 * GitHub's search date syntax as `created=` takes it: `>=D`, `>D`, `<=D`,
 * `<D`, `A..B` or `D`, where each is a date or an ISO 8601 timestamp.
 * An unparseable filter matches nothing, like GitHub's empty result.
 */
export function matchesCreated(createdAt: string, filter: string): boolean {
  const at = Date.parse(createdAt);
  try {
    const range = /^(.+)\.\.(.+)$/.exec(filter);
    if (range) return at >= span(range[1])[0] && at <= span(range[2])[1];
    const compare = /^(>=|<=|>|<)(.+)$/.exec(filter);
    if (!compare) {
      const [start, end] = span(filter);
      return at >= start && at <= end;
    }
    const [start, end] = span(compare[2]);
    switch (compare[1]) {
      case '>=':
        return at >= start;
      case '>':
        return at > end;
      case '<=':
        return at <= end;
      default:
        return at < start;
    }
  } catch {
    return false;
  }
}
