/**
 * Reads the JSON written by `infracost breakdown --format json` and
 * `infracost diff --format json` (schema version 0.2, the 2021 layout
 * included) into a {@link CostSummary}.
 *
 * Rules for amounts:
 * - infracost writes money as decimal strings ("743.6"); they become numbers.
 *   A JSON number is taken as it is. Anything else that is not null is refused
 *   with a {@link CostFormatError} naming the JSON path.
 * - An amount that is null or absent is null in the summary. This covers the
 *   top-level `pastTotalMonthlyCost` / `diffTotalMonthlyCost` missing from
 *   2021-era files, and a project without `pastBreakdown` or `diff`.
 * - Nothing is computed: a diff is reported only when infracost gives one,
 *   never as total minus past, and the top-level totals are infracost's own,
 *   never sums over the projects.
 *
 * Project errors come from `metadata.errors` (each a `{ message }` object or a
 * string) followed by a project-level `error`, when there is one.
 */
import { CostProjectSummary, CostSummary } from './types';

/** The input is not infracost JSON output; the message is one line. */
export class CostFormatError extends Error {
  name = 'CostFormatError';
  /** JSON path of the offending value, such as `projects[0].breakdown`; '' for the whole document. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super(oneLine(path ? `${path}: ${problem}` : problem));
    this.path = path;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** A short, single-line description of a JSON value for error messages. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': {
      const quoted = JSON.stringify(value);
      return `the string ${
        quoted.length > 40 ? `${quoted.slice(0, 37)}..."` : quoted
      }`;
    }
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** A plain decimal, as infracost's decimal library writes it; an exponent is tolerated. */
const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads one money amount: a decimal string such as "12.3456" (or a finite JSON
 * number) becomes a number, null or absent becomes null, and anything else is
 * a {@link CostFormatError} naming `path`.
 */
export function parseMoney(value: unknown, path: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new CostFormatError(path, `expected a finite amount, got ${value}`);
  }
  if (typeof value === 'string' && DECIMAL.test(value)) {
    const amount = Number(value);
    if (Number.isFinite(amount)) return amount;
  }
  throw new CostFormatError(
    path,
    `expected a money amount such as "12.34", got ${describe(value)}`,
  );
}

/** `breakdown.totalMonthlyCost` and its kin; null when the breakdown is absent. */
function breakdownTotal(
  project: Record<string, unknown>,
  key: 'breakdown' | 'pastBreakdown' | 'diff',
  path: string,
): number | null {
  const breakdown = project[key];
  if (breakdown === undefined || breakdown === null) return null;
  if (!isRecord(breakdown)) {
    throw new CostFormatError(
      `${path}.${key}`,
      `expected a cost breakdown object, got ${describe(breakdown)}`,
    );
  }
  return parseMoney(
    breakdown.totalMonthlyCost,
    `${path}.${key}.totalMonthlyCost`,
  );
}

function errorMessage(entry: unknown, path: string): string {
  let message: string | undefined;
  let code: unknown;
  if (typeof entry === 'string') {
    message = entry;
  } else if (isRecord(entry) && typeof entry.message === 'string') {
    message = entry.message;
    code = entry.code;
  } else {
    throw new CostFormatError(
      path,
      `expected an error message or an object with a "message" string, got ${describe(
        entry,
      )}`,
    );
  }
  if (message.trim() !== '') return message;
  return typeof code === 'number' || typeof code === 'string'
    ? `error code ${code} (no message)`
    : 'error with no message';
}

function projectErrors(
  project: Record<string, unknown>,
  path: string,
): string[] {
  const errors: string[] = [];
  const metadata = project.metadata;
  if (metadata !== undefined && metadata !== null) {
    if (!isRecord(metadata)) {
      throw new CostFormatError(
        `${path}.metadata`,
        `expected an object, got ${describe(metadata)}`,
      );
    }
    const list = metadata.errors;
    if (list !== undefined && list !== null) {
      if (!Array.isArray(list)) {
        throw new CostFormatError(
          `${path}.metadata.errors`,
          `expected an array, got ${describe(list)}`,
        );
      }
      list.forEach((entry, i) =>
        errors.push(errorMessage(entry, `${path}.metadata.errors[${i}]`)),
      );
    }
  }
  const error = project.error;
  if (error !== undefined && error !== null && error !== '') {
    errors.push(errorMessage(error, `${path}.error`));
  }
  return errors;
}

function summarizeProject(project: unknown, path: string): CostProjectSummary {
  if (!isRecord(project)) {
    throw new CostFormatError(
      path,
      `expected a project object, got ${describe(project)}`,
    );
  }
  const name = project.name;
  if (typeof name !== 'string') {
    throw new CostFormatError(
      `${path}.name`,
      `expected the project name as a string, got ${describe(name)}`,
    );
  }
  return {
    name,
    totalMonthlyCost: breakdownTotal(project, 'breakdown', path),
    pastTotalMonthlyCost: breakdownTotal(project, 'pastBreakdown', path),
    diffTotalMonthlyCost: breakdownTotal(project, 'diff', path),
    errors: projectErrors(project, path),
  };
}

/** `terraform show -json` output (a plan or a state) rather than infracost's. */
function isTerraformJson(doc: Record<string, unknown>): boolean {
  return (
    'format_version' in doc &&
    ('terraform_version' in doc ||
      'resource_changes' in doc ||
      'planned_values' in doc ||
      'values' in doc)
  );
}

/** ISO 4217 codes are three letters. */
const CURRENCY = /^[A-Za-z]{3}$/;

/**
 * Summarizes parsed infracost JSON.
 *
 * @throws CostFormatError when `parsed` is not infracost output; its message
 * is one line naming what is wrong (and where).
 */
export function summarizeCost(parsed: unknown): CostSummary {
  if (!isRecord(parsed)) {
    throw new CostFormatError(
      '',
      `expected an infracost JSON object, got ${describe(parsed)}`,
    );
  }
  if (!('projects' in parsed) && isTerraformJson(parsed)) {
    throw new CostFormatError(
      '',
      'this is Terraform JSON (it has "format_version"), not infracost output; run `infracost breakdown --path <plan.json> --format json` on it first',
    );
  }
  const projects = parsed.projects;
  if (!Array.isArray(projects)) {
    throw new CostFormatError(
      'projects',
      `expected the array of infracost projects, got ${describe(
        projects,
      )}; is this the output of \`infracost breakdown --format json\`?`,
    );
  }
  const currency = parsed.currency;
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
    throw new CostFormatError(
      'currency',
      `expected a three-letter currency code such as "USD", got ${describe(
        currency,
      )}`,
    );
  }
  return {
    currency,
    totalMonthlyCost: parseMoney(parsed.totalMonthlyCost, 'totalMonthlyCost'),
    pastTotalMonthlyCost: parseMoney(
      parsed.pastTotalMonthlyCost,
      'pastTotalMonthlyCost',
    ),
    diffTotalMonthlyCost: parseMoney(
      parsed.diffTotalMonthlyCost,
      'diffTotalMonthlyCost',
    ),
    projects: projects.map((project, i) =>
      summarizeProject(project, `projects[${i}]`),
    ),
  };
}
