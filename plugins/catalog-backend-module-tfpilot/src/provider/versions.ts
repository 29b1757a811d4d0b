/** A semantic version, split for comparison. */
interface Parsed {
  core: number[];
  prerelease: string[];
}

function parse(version: string): Parsed {
  const [core, prerelease] = version.split(/-(.*)/s);
  return {
    core: core.split('.').map(Number),
    prerelease: prerelease ? prerelease.split('.') : [],
  };
}

const NUMERIC = /^\d+$/;

/** Semantic-version precedence of two pre-release identifiers. */
function compareIdentifier(a: string, b: string): number {
  const aNumeric = NUMERIC.test(a);
  const bNumeric = NUMERIC.test(b);
  if (aNumeric && bNumeric) return Number(a) - Number(b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function comparePrerelease(a: string[], b: string[]): number {
  // A release ranks above its pre-releases.
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const order = compareIdentifier(a[i], b[i]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/**
 * Orders semantic versions (`1.2.0`, `1.10.0-rc.1`) by precedence: negative
 * when `a` comes first (is older).
 */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i += 1) {
    const order = (pa.core[i] ?? 0) - (pb.core[i] ?? 0);
    if (order !== 0) return order;
  }
  return comparePrerelease(pa.prerelease, pb.prerelease);
}

/** Newest first. */
export function newestFirst(versions: string[]): string[] {
  return [...versions].sort((a, b) => compareVersions(b, a));
}

/**
 * The version requests should use by default: the newest release, or the
 * newest pre-release when there is no release yet.
 */
export function latestVersion(versions: string[]): string | undefined {
  const sorted = newestFirst(versions);
  return sorted.find(v => !v.includes('-')) ?? sorted[0];
}
