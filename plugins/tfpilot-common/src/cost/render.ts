/**
 * Human forms of a {@link CostSummary}: a plain-text table for terminals and a
 * GitHub-flavoured Markdown table for pull-request comments.
 *
 * Amounts are rounded half away from zero to cents and grouped in thousands
 * ("$1,361.31"). USD, EUR and GBP get their symbol; any other currency its
 * ISO code ("CHF 1,361.31"). Negative amounts carry U+2212 MINUS SIGN; a diff
 * carries "+" when it is above zero after rounding, and no sign at zero.
 * A null amount is "n/a".
 */
import { CostSummary } from './types';

/** Shown for an amount infracost did not give. */
export const NOT_AVAILABLE = 'n/a';

const MINUS = '\u2212';

const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };

/** "$1,234.50" for an amount of at least zero. */
function formatMagnitude(magnitude: number, currency: string): string {
  // toPrecision absorbs binary noise such as 1.005 * 100 = 100.49999999999999.
  const cents = Math.round(Number((magnitude * 100).toPrecision(15)));
  let digits: string;
  if (Number.isSafeInteger(cents)) {
    const whole = String(Math.floor(cents / 100)).replace(
      /\B(?=(\d{3})+(?!\d))/g,
      ',',
    );
    digits = `${whole}.${String(cents % 100).padStart(2, '0')}`;
  } else {
    digits = magnitude.toFixed(2);
  }
  const code = currency.toUpperCase();
  const symbol = SYMBOLS[code];
  return symbol === undefined ? `${code} ${digits}` : `${symbol}${digits}`;
}

/** Whether `value` rounds to zero cents. */
function isZeroCents(value: number): boolean {
  return Math.round(Number((Math.abs(value) * 100).toPrecision(15))) === 0;
}

/** An amount: "$12.30", "−$4.00", or "n/a" for null. */
export function formatMoney(value: number | null, currency: string): string {
  if (value === null) return NOT_AVAILABLE;
  const text = formatMagnitude(Math.abs(value), currency);
  return value < 0 && !isZeroCents(value) ? `${MINUS}${text}` : text;
}

/** A change of amount: "+$12.30", "−$4.00", "$0.00", or "n/a" for null. */
export function formatMoneyDiff(
  value: number | null,
  currency: string,
): string {
  if (value === null) return NOT_AVAILABLE;
  const text = formatMagnitude(Math.abs(value), currency);
  if (isZeroCents(value)) return text;
  return `${value < 0 ? MINUS : '+'}${text}`;
}

/** One row of the table, already formatted. */
interface Row {
  project: string;
  monthly: string;
  past: string;
  diff: string;
}

function rowsOf(summary: CostSummary): { projects: Row[]; total: Row } {
  const { currency } = summary;
  return {
    projects: summary.projects.map(p => ({
      project: p.name,
      monthly: formatMoney(p.totalMonthlyCost, currency),
      past: formatMoney(p.pastTotalMonthlyCost, currency),
      diff: formatMoneyDiff(p.diffTotalMonthlyCost, currency),
    })),
    total: {
      project: 'Total',
      monthly: formatMoney(summary.totalMonthlyCost, currency),
      past: formatMoney(summary.pastTotalMonthlyCost, currency),
      diff: formatMoneyDiff(summary.diffTotalMonthlyCost, currency),
    },
  };
}

/** Each error as its project's name and one message. */
function errorsOf(
  summary: CostSummary,
): { project: string; message: string }[] {
  return summary.projects.flatMap(p =>
    p.errors.map(message => ({ project: p.name, message })),
  );
}

function countProjects(summary: CostSummary): string {
  const n = summary.projects.length;
  return `${n} project${n === 1 ? '' : 's'}`;
}

/** Control characters (newlines, terminal escapes) become single spaces. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}

/**
 * A plain-text table for terminals: project names left-aligned, amounts
 * right-aligned, a total row, then each project error on its own line.
 */
export function renderCostText(summary: CostSummary): string {
  const { projects, total } = rowsOf(summary);
  const header: Row = {
    project: 'Project',
    monthly: 'Monthly',
    past: 'Past',
    diff: 'Diff',
  };
  const table = [header, ...projects, total].map(row => ({
    ...row,
    project: plain(row.project),
  }));
  const width = (key: keyof Row) =>
    Math.max(...table.map(row => row[key].length));
  const widths = {
    project: width('project'),
    monthly: width('monthly'),
    past: width('past'),
    diff: width('diff'),
  };
  const line = (row: Row) =>
    [
      row.project.padEnd(widths.project),
      row.monthly.padStart(widths.monthly),
      row.past.padStart(widths.past),
      row.diff.padStart(widths.diff),
    ].join('  ');

  const lines = [
    `Monthly cost (${plain(summary.currency)}), ${countProjects(summary)}`,
    '',
    ...table.map(line),
  ];
  const errors = errorsOf(summary);
  if (errors.length > 0) {
    lines.push('', 'Errors:');
    for (const { project, message } of errors) {
      lines.push(`  ${plain(project)}: ${plain(message)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Backslash-escapes what GitHub Markdown would read as markup (`$` starts
 * maths there); newlines become spaces.
 */
function markdown(text: string): string {
  return plain(text).replace(/[\\`*_[\]<>|~$]/g, char => `\\${char}`);
}

/**
 * A GitHub-flavoured Markdown table (project | monthly | past | diff) with a
 * bold total row, followed by a list of project errors.
 */
export function renderCostMarkdown(summary: CostSummary): string {
  const { projects, total } = rowsOf(summary);
  const cells = (row: Row, bold: boolean) => {
    const mark = bold ? '**' : '';
    const values = [markdown(row.project), row.monthly, row.past, row.diff].map(
      value => `${mark}${value}${mark}`,
    );
    return `| ${values.join(' | ')} |`;
  };
  const lines = [
    `**Monthly cost (${markdown(summary.currency)}), ${countProjects(
      summary,
    )}**`,
    '',
    '| Project | Monthly | Past | Diff |',
    '| --- | ---: | ---: | ---: |',
    ...projects.map(row => cells(row, false)),
    cells(total, true),
  ];
  const errors = errorsOf(summary);
  if (errors.length > 0) {
    lines.push('', '**Errors**', '');
    for (const { project, message } of errors) {
      lines.push(`- ${markdown(project)}: ${markdown(message)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
