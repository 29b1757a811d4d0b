/**
 * Module version constraints in Terraform's own syntax, so platform teams
 * write them as they do in `required_providers`: `= 1.2.0`, `!= 1.3.0`,
 * `>= 1.2`, `< 2.0.0`, `~> 1.2` (any 1.x from 1.2) and `~> 1.2.3` (any 1.2.x
 * from 1.2.3), joined by commas for "and". A bare version means `=`.
 *
 * Versions are `major.minor.patch` with an optional `-prerelease`; build
 * metadata (`+…`) is ignored. As in Terraform, a prerelease version is only
 * ever accepted by an exact `=` naming it.
 */

/** A parsed version; `prerelease` is empty for a release. */
export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~>';

interface Constraint {
  operator: Operator;
  version: Version;
  /** How many of major.minor.patch were written: `~>` needs it. */
  parts: number;
}

/** All of the comma-separated constraints of one string. */
export type VersionConstraint = Constraint[];

const VERSION =
  /^(\d{1,9})\.(\d{1,9})\.(\d{1,9})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;
const CONSTRAINT =
  /^(=|!=|>=|<=|>|<|~>)?\s*(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** A version, or undefined when `text` is not one. */
export function parseVersion(text: string): Version | undefined {
  const match = text.length <= 256 ? VERSION.exec(text) : null;
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] ? match[4].split('.') : [],
  };
}

function parseConstraint(text: string): Constraint {
  const match = CONSTRAINT.exec(text.trim());
  if (!match) {
    throw new Error(
      `"${text.trim()}" is not a version constraint such as ">= 1.2.0" or "~> 1.2"`,
    );
  }
  const [, operator = '=', major, minor, patch, prerelease] = match;
  const parts = [major, minor, patch].filter(p => p !== undefined).length;
  if (operator === '~>' && parts === 1) {
    throw new Error(`"${text.trim()}": ~> needs at least major.minor`);
  }
  if (prerelease !== undefined && parts !== 3) {
    throw new Error(
      `"${text.trim()}": a prerelease needs a full major.minor.patch`,
    );
  }
  return {
    operator: operator as Operator,
    version: {
      major: Number(major),
      minor: Number(minor ?? 0),
      patch: Number(patch ?? 0),
      prerelease: prerelease ? prerelease.split('.') : [],
    },
    parts,
  };
}

/**
 * Parses `>= 1.2.0, < 2.0.0`. Throws an Error saying which part is wrong;
 * configuration reading turns it into an error naming the key.
 */
export function parseVersionConstraint(text: string): VersionConstraint {
  if (text.length > 256) throw new Error('longer than 256 characters');
  const pieces = text.split(',');
  if (pieces.some(piece => piece.trim() === '')) {
    throw new Error(`"${text}" has an empty part`);
  }
  return pieces.map(parseConstraint);
}

const NUMERIC = /^\d+$/;

/** Semver precedence of two prerelease identifiers. */
function compareIdentifier(a: string, b: string): number {
  const aNumeric = NUMERIC.test(a);
  const bNumeric = NUMERIC.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function comparePrerelease(a: string[], b: string[]): number {
  // A release ranks above any of its prereleases.
  if (a.length === 0 || b.length === 0) return Math.sign(b.length - a.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareIdentifier(a[i], b[i]);
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length);
}

/** Semver precedence: negative, zero or positive. */
export function compareVersions(a: Version, b: Version): number {
  return (
    Math.sign(a.major - b.major) ||
    Math.sign(a.minor - b.minor) ||
    Math.sign(a.patch - b.patch) ||
    comparePrerelease(a.prerelease, b.prerelease)
  );
}

/** The first version `~>` no longer accepts: 1.2 → 2.0.0, 1.2.3 → 1.3.0. */
function pessimisticCeiling({ version, parts }: Constraint): Version {
  return parts === 2
    ? { major: version.major + 1, minor: 0, patch: 0, prerelease: [] }
    : {
        major: version.major,
        minor: version.minor + 1,
        patch: 0,
        prerelease: [],
      };
}

function satisfiesOne(version: Version, constraint: Constraint): boolean {
  const order = compareVersions(version, constraint.version);
  switch (constraint.operator) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '~>':
      return (
        order >= 0 &&
        compareVersions(version, pessimisticCeiling(constraint)) < 0
      );
    default:
      return false;
  }
}

/** Whether `version` meets every part of `constraint`. */
export function satisfies(
  version: Version,
  constraint: VersionConstraint,
): boolean {
  if (!constraint.every(part => satisfiesOne(version, part))) return false;
  // Prereleases are opt-in: only an exact pin selects one.
  return (
    version.prerelease.length === 0 ||
    constraint.some(
      part =>
        part.operator === '=' && compareVersions(version, part.version) === 0,
    )
  );
}
