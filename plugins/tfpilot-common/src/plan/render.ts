import {
  PlanAction,
  PlanChange,
  PlanDrift,
  PlanOutput,
  PlanSummary,
  SENSITIVE,
  UNKNOWN,
} from './types';

/** Longest rendering of one output value before it is cut with "…". */
const MAX_VALUE_CHARS = 200;

// C0/C1 control characters and the JS line separators: newlines would break
// a table row or a one-line entry, and ESC/CSI could drive the terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const hex4 = (ch: string): string =>
  `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text from the plan, safe to print on a terminal: control characters shown as `\uXXXX`. */
function termText(text: string): string {
  return text.replace(CONTROL, hex4);
}

/** `Plan: 3 to create, 1 to update, 1 to replace, 0 to delete (2 reads, 4 unchanged)` */
export function planHeadline(summary: PlanSummary): string {
  const c = summary.counts;
  const forget = c.forget > 0 ? `, ${c.forget} to forget` : '';
  const reads = `${c.read} ${c.read === 1 ? 'read' : 'reads'}`;
  return `Plan: ${c.create} to create, ${c.update} to update, ${c.replace} to replace, ${c.delete} to delete${forget} (${reads}, ${c.noop} unchanged)`;
}

/** A word or two for a change's actions: `replace`, `replace (create first)`, … */
export function actionLabel(actions: readonly PlanAction[]): string {
  switch (actions.join(',')) {
    case 'delete,create':
      return 'replace';
    case 'create,delete':
      return 'replace (create first)';
    case 'create,forget':
      return 'replace (forget old)';
    default:
      return actions.join(', ');
  }
}

/** Terraform's plan symbols. */
function actionSymbol(actions: readonly PlanAction[]): string {
  switch (actions.join(',')) {
    case 'create':
      return '+';
    case 'update':
      return '~';
    case 'delete':
      return '-';
    case 'read':
      return '<=';
    case 'forget':
      return '.';
    case 'delete,create':
      return '-/+';
    case 'create,delete':
      return '+/-';
    case 'create,forget':
      return '+/.';
    default:
      return ' ';
  }
}

/** Drift is what changed outside Terraform, so it reads in the past tense. */
function driftLabel(actions: readonly PlanAction[]): string {
  switch (actions.join(',')) {
    case 'update':
      return 'changed';
    case 'delete':
      return 'deleted';
    case 'create':
      return 'created';
    default:
      return actionLabel(actions);
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A string as a JSON literal, with the control characters JSON leaves raw escaped too. */
function quote(text: string): string {
  return JSON.stringify(text).replace(CONTROL, hex4);
}

function formatValueFull(value: unknown): string {
  if (value === SENSITIVE || value === UNKNOWN) return value;
  if (typeof value === 'string') return quote(value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    return `[${value.map(formatValueFull).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    const body = entries
      .map(
        ([k, v]) =>
          `${IDENTIFIER.test(k) ? k : quote(k)} = ${formatValueFull(v)}`,
      )
      .join(', ');
    return `{ ${body} }`;
  }
  return String(value);
}

/**
 * An output value on one line, HCL-like: strings quoted, the
 * "(sensitive)" / "(known after apply)" placeholders bare. A sensitive
 * output prints only the placeholder, whatever its value holds.
 */
export function formatOutputValue(output: PlanOutput): string {
  if (output.sensitive) return SENSITIVE;
  const text = formatValueFull(output.value);
  return text.length > MAX_VALUE_CHARS
    ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…`
    : text;
}

function splitChanges(summary: PlanSummary): {
  destructive: PlanChange[];
  other: PlanChange[];
} {
  return {
    destructive: summary.changes.filter(c => c.destructive),
    other: summary.changes.filter(c => !c.destructive),
  };
}

const ERRORED_TEXT =
  'Terraform stopped before the plan was complete; the changes below are incomplete and the plan cannot be applied.';

// ---------------------------------------------------------------------------
// Terminal text

function changeLines(changes: readonly PlanChange[], marker: string): string[] {
  const labels = changes.map(c => actionLabel(c.actions));
  const width = Math.max(...labels.map(l => l.length));
  return changes.map((change, i) => {
    const symbol = actionSymbol(change.actions).padEnd(3);
    const reasons = change.reasons.length
      ? `  (${termText(change.reasons.join('; '))})`
      : '';
    return `${marker} ${symbol} ${labels[i].padEnd(width)}  ${termText(
      change.address,
    )}${reasons}`.trimEnd();
  });
}

function driftLines(drift: readonly PlanDrift[]): string[] {
  const labels = drift.map(d => driftLabel(d.actions));
  const width = Math.max(...labels.map(l => l.length));
  return drift.map(
    (d, i) =>
      `    ${actionSymbol(d.actions).padEnd(3)} ${labels[i].padEnd(
        width,
      )}  ${termText(d.address)}`,
  );
}

function outputLines(outputs: readonly PlanOutput[]): string[] {
  return outputs.map(
    o =>
      `    ${actionSymbol(o.actions).padEnd(3)} ${termText(
        o.name,
      )} = ${formatOutputValue(o)}`,
  );
}

/**
 * The summary as plain terminal text (no colours): headline, destructive
 * changes first, the other changes, drift, outputs. Same input, same text.
 */
export function renderPlanText(summary: PlanSummary): string {
  const lines: string[] = [];
  if (summary.errored) {
    lines.push(`!!! PLAN ERRORED: ${ERRORED_TEXT}`, '');
  }
  lines.push(planHeadline(summary));
  lines.push(
    termText(
      `Terraform ${
        summary.terraformVersion ?? '(version not recorded)'
      }, plan format ${summary.formatVersion}`,
    ),
  );
  const { destructive, other } = splitChanges(summary);
  if (destructive.length > 0) {
    lines.push(
      '',
      `DESTRUCTIVE CHANGES (${destructive.length}): these delete or replace existing objects`,
      ...changeLines(destructive, '  !'),
    );
  }
  if (other.length > 0) {
    lines.push(
      '',
      `${destructive.length > 0 ? 'Other changes' : 'Changes'} (${
        other.length
      }):`,
      ...changeLines(other, '   '),
    );
  }
  if (summary.changes.length === 0) {
    lines.push('', 'No changes to resources.');
  }
  if (summary.drift.length > 0) {
    lines.push(
      '',
      `Drift: changed outside Terraform (${summary.drift.length}):`,
      ...driftLines(summary.drift),
    );
  }
  if (summary.outputs.length > 0) {
    lines.push(
      '',
      `Outputs (${summary.outputs.length}):`,
      ...outputLines(summary.outputs),
    );
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------
// GitHub-flavoured markdown

/**
 * Plain text in a markdown table cell or inline: the characters that could
 * start emphasis, code, links, HTML, entities or a new cell are escaped.
 */
export function mdText(text: string): string {
  return text.replace(CONTROL, ' ').replace(/[\\`*_[\]<>|#~!&]/g, '\\$&');
}

/**
 * Text in a code span, safe in a table cell: the fence is longer than any
 * run of backticks inside, and `|` is escaped (GFM unescapes it before the
 * span is parsed).
 */
export function mdCode(text: string): string {
  const flat = text.replace(CONTROL, ' ').replace(/\|/g, '\\|');
  const longestRun = Math.max(
    0,
    ...(flat.match(/`+/g) ?? []).map(run => run.length),
  );
  const fence = '`'.repeat(longestRun + 1);
  const pad = /^[` ]|[` ]$/.test(flat) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function changeTable(changes: readonly PlanChange[]): string[] {
  return [
    '| action | address | reasons |',
    '| --- | --- | --- |',
    ...changes.map(
      c =>
        `| ${mdText(actionLabel(c.actions))} | ${mdCode(c.address)} | ${
          c.reasons.map(mdText).join('; ') || ' '
        } |`,
    ),
  ];
}

/**
 * The summary as GitHub-flavoured markdown, for a pull-request comment or a
 * job summary. Same input, same text.
 */
export function renderPlanMarkdown(summary: PlanSummary): string {
  const c = summary.counts;
  const lines: string[] = ['### Terraform plan', ''];
  if (summary.errored) {
    lines.push('> [!CAUTION]', `> **Plan errored.** ${ERRORED_TEXT}`, '');
  }
  const columns: [string, number][] = [
    ['create', c.create],
    ['update', c.update],
    ['replace', c.replace],
    ['delete', c.delete],
    ['read', c.read],
    ['no-op', c.noop],
  ];
  if (c.forget > 0) columns.push(['forget', c.forget]);
  lines.push(
    `**${mdText(planHeadline(summary))}**`,
    '',
    `| ${columns.map(([name]) => name).join(' | ')} |`,
    `| ${columns.map(() => '---:').join(' | ')} |`,
    `| ${columns.map(([, n]) => n).join(' | ')} |`,
    '',
    `Terraform ${mdText(
      summary.terraformVersion ?? '(version not recorded)',
    )}, plan format ${mdText(summary.formatVersion)}`,
  );

  const { destructive, other } = splitChanges(summary);
  if (destructive.length > 0) {
    lines.push(
      '',
      `#### Destructive changes (${destructive.length})`,
      '',
      '> [!WARNING]',
      '> These changes delete or replace existing objects.',
      '',
      ...changeTable(destructive),
    );
  }
  if (other.length > 0) {
    lines.push(
      '',
      `#### ${destructive.length > 0 ? 'Other changes' : 'Changes'} (${
        other.length
      })`,
      '',
      ...changeTable(other),
    );
  }
  if (summary.changes.length === 0) {
    lines.push('', 'No changes to resources.');
  }
  if (summary.drift.length > 0) {
    lines.push(
      '',
      `#### Drift (${summary.drift.length})`,
      '',
      'Objects changed outside Terraform since the last run:',
      '',
      '| change | address |',
      '| --- | --- |',
      ...summary.drift.map(
        d => `| ${mdText(driftLabel(d.actions))} | ${mdCode(d.address)} |`,
      ),
    );
  }
  if (summary.outputs.length > 0) {
    lines.push(
      '',
      `#### Outputs (${summary.outputs.length})`,
      '',
      '| output | action | value |',
      '| --- | --- | --- |',
      ...summary.outputs.map(
        o =>
          `| ${mdCode(o.name)} | ${mdText(actionLabel(o.actions))} | ${mdCode(
            formatOutputValue(o),
          )} |`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
