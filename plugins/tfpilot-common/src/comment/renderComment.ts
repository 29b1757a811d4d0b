import { CostSummary } from '../cost/types';
import { renderCostMarkdown } from '../cost/render';
import { PolicyResult } from '../policy/types';
import { actionLabel, mdCode, mdText, planHeadline } from '../plan/render';
import { PlanChange, PlanSummary } from '../plan/types';

/** GitHub refuses issue and pull-request comments longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** First line of every TfPilot comment, so a later run updates it in place. */
export const COMMENT_MARKER = '<!-- tfpilot:comment -->';

/** A table whose rows may be cut, least important sections first. */
interface Section {
  title: string;
  intro: string[];
  header: string[];
  rows: string[];
  /** Lower is cut first. */
  keep: number;
  noun: string;
}

const changeRow = (c: PlanChange) =>
  `| ${mdText(actionLabel(c.actions))} | ${mdCode(c.address)} | ${
    c.reasons.map(mdText).join('; ') || ' '
  } |`;
const CHANGE_HEADER = ['| action | address | reasons |', '| --- | --- | --- |'];

function planSections(plan: PlanSummary): Section[] {
  const destructive = plan.changes.filter(c => c.destructive);
  const other = plan.changes.filter(c => !c.destructive);
  const sections: Section[] = [];
  if (destructive.length) {
    sections.push({
      title: `#### Destructive changes (${destructive.length})`,
      intro: [
        '> [!WARNING]',
        '> These changes delete or replace existing objects.',
        '',
      ],
      header: CHANGE_HEADER,
      rows: destructive.map(changeRow),
      keep: 3,
      noun: 'destructive changes',
    });
  }
  if (other.length) {
    sections.push({
      title: `#### ${destructive.length ? 'Other changes' : 'Changes'} (${
        other.length
      })`,
      intro: [],
      header: CHANGE_HEADER,
      rows: other.map(changeRow),
      keep: 0,
      noun: 'changes',
    });
  }
  if (plan.drift.length) {
    sections.push({
      title: `#### Drift (${plan.drift.length})`,
      intro: ['Changed outside Terraform since the last apply:', ''],
      header: ['| action | address |', '| --- | --- |'],
      rows: plan.drift.map(
        d => `| ${mdText(actionLabel(d.actions))} | ${mdCode(d.address)} |`,
      ),
      keep: 1,
      noun: 'drifted resources',
    });
  }
  return sections;
}

function policySection(results: readonly PolicyResult[]): Section {
  const sorted = [...results].sort(
    (a, b) =>
      Number(a.severity === 'warning') - Number(b.severity === 'warning'),
  );
  const errors = results.filter(r => r.severity === 'error').length;
  return {
    title: `#### Policy: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${
      results.length - errors
    } ${results.length - errors === 1 ? 'warning' : 'warnings'}`,
    intro: errors
      ? [
          '> [!CAUTION]',
          '> Errors block this request until they are fixed.',
          '',
        ]
      : [],
    header: [
      '| severity | rule | at | message | how to fix |',
      '| --- | --- | --- | --- | --- |',
    ],
    rows: sorted.map(
      r =>
        `| ${r.severity} | ${mdCode(r.ruleId)} | ${
          r.target ? mdCode(r.target) : ' '
        } | ${mdText(r.message)} | ${
          r.remediation ? mdText(r.remediation) : ' '
        } |`,
    ),
    keep: 2,
    noun: 'policy results',
  };
}

/** The cost table is small and decisive: the last thing to cut. */
function costSection(cost: CostSummary): Section {
  return {
    title: '#### Cost',
    intro: [],
    header: [],
    rows: renderCostMarkdown(cost).trim().split('\n'),
    keep: 4,
    noun: 'cost lines',
  };
}

function renderSection(section: Section, shown: number): string[] {
  const hidden = section.rows.length - shown;
  return [
    '',
    section.title,
    '',
    ...section.intro,
    ...section.header,
    ...section.rows.slice(0, shown),
    ...(hidden > 0
      ? [
          '',
          `_… and ${hidden} more ${section.noun} not shown (comment size limit)._`,
        ]
      : []),
  ];
}

/**
 * The pull-request comment for a plan: summary, destructive changes first,
 * other changes, drift, cost, policy results. Never longer than `maxLength`: when it
 * would be, rows are cut from the least important tables first and each cut
 * table says how many rows it left out.
 */
export function renderComment(options: {
  plan: PlanSummary;
  cost?: CostSummary;
  policy?: readonly PolicyResult[];
  title?: string;
  maxLength?: number;
}): string {
  const { plan, cost, policy, maxLength = GITHUB_COMMENT_LIMIT } = options;
  const head = [
    COMMENT_MARKER,
    `### ${
      options.title ? `TfPilot: ${mdText(options.title)}` : 'TfPilot plan'
    }`,
    '',
    ...(plan.errored
      ? [
          '> [!CAUTION]',
          '> **The plan errored**: nothing below will be applied as shown.',
          '',
        ]
      : []),
    `**${mdText(planHeadline(plan))}**`,
  ];
  const sections = [
    ...planSections(plan),
    ...(cost ? [costSection(cost)] : []),
    ...(policy?.length ? [policySection(policy)] : []),
  ];
  const tail = ['', '<sub>Generated by TfPilot.</sub>'];

  const shown = sections.map(s => s.rows.length);
  const render = () =>
    [
      ...head,
      ...sections.flatMap((s, i) => renderSection(s, shown[i])),
      ...tail,
    ].join('\n');

  let text = render();
  // Cut from the least important section that still has rows, a chunk at a time.
  const order = sections
    .map((_section, i) => i)
    .sort((a, b) => sections[a].keep - sections[b].keep);
  for (const i of order) {
    while (text.length > maxLength && shown[i] > 0) {
      const excess = text.length - maxLength;
      const avgRow = Math.max(
        1,
        Math.ceil(
          sections[i].rows.slice(0, shown[i]).join('\n').length / shown[i],
        ),
      );
      shown[i] = Math.max(
        0,
        shown[i] - Math.max(1, Math.ceil(excess / avgRow)),
      );
      text = render();
    }
  }
  if (text.length > maxLength) {
    // Only the fixed parts are left; they are short, but stay within the limit regardless.
    const note = '\n\n_… comment cut at the size limit._';
    text = text.slice(0, maxLength - note.length) + note;
  }
  return text;
}
