import { summarizePlan } from './PlanSummaryBuilder';
import {
  actionLabel,
  formatOutputValue,
  planHeadline,
  renderPlanMarkdown,
  renderPlanText,
} from './render';
import {
  PlanAction,
  PlanChange,
  PlanCounts,
  PlanSummary,
  SENSITIVE,
  UNKNOWN,
} from './types';

const SECRET = 'hunter2-do-not-print';

function change(
  address: string,
  actions: PlanAction[],
  reasons: string[] = [],
): PlanChange {
  const replace = actions.length === 2;
  return {
    address,
    type: address.split('.')[0],
    module: null,
    actions,
    replace,
    reasons,
    destructive: actions.includes('delete'),
  };
}

const COUNTS: PlanCounts = {
  create: 3,
  update: 1,
  delete: 0,
  replace: 1,
  read: 2,
  noop: 4,
  forget: 0,
};

/** A plan with the destructive change in the middle of the list. */
function sample(overrides: Partial<PlanSummary> = {}): PlanSummary {
  return {
    formatVersion: '1.2',
    terraformVersion: '1.9.5',
    errored: false,
    counts: COUNTS,
    changes: [
      change('aws_s3_bucket.logs', ['create']),
      change('aws_iam_role.ci', ['update']),
      change(
        'aws_db_instance.main',
        ['delete', 'create'],
        ['replace_because_cannot_update', 'replace paths: engine_version'],
      ),
      change('aws_s3_bucket.assets', ['create']),
      change('data.aws_caller_identity.me', ['read']),
      change('data.aws_region.here', ['read']),
      change('aws_sqs_queue.jobs', ['create']),
    ],
    drift: [{ address: 'aws_iam_role.ci', actions: ['update'] }],
    outputs: [
      {
        name: 'db_password',
        actions: ['create'],
        sensitive: true,
        value: SENSITIVE,
      },
      {
        name: 'endpoint',
        actions: ['create'],
        sensitive: false,
        value: UNKNOWN,
      },
      {
        name: 'tags',
        actions: ['update'],
        sensitive: false,
        value: { Name: 'logs', 'cost-center': 42, 'a b': ['x', UNKNOWN] },
      },
    ],
    ...overrides,
  };
}

/** Cells of a markdown table row, split on pipes that are not escaped. */
const cells = (row: string): string[] =>
  row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map(cell => cell.trim());

describe('planHeadline', () => {
  it('reads like the issue asks', () => {
    expect(planHeadline(sample())).toBe(
      'Plan: 3 to create, 1 to update, 1 to replace, 0 to delete (2 reads, 4 unchanged)',
    );
  });

  it('says "1 read" and mentions forget only when there is one', () => {
    const counts = { ...COUNTS, read: 1, forget: 2 };
    expect(planHeadline(sample({ counts }))).toBe(
      'Plan: 3 to create, 1 to update, 1 to replace, 0 to delete, 2 to forget (1 read, 4 unchanged)',
    );
  });
});

describe('actionLabel', () => {
  it.each([
    [['create'], 'create'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace (create first)'],
    [['create', 'forget'], 'replace (forget old)'],
    [['no-op'], 'no-op'],
  ] as [PlanAction[], string][])('%j → %s', (actions, label) => {
    expect(actionLabel(actions)).toBe(label);
  });
});

describe('renderPlanText', () => {
  it('renders the whole plan, destructive changes first', () => {
    expect(renderPlanText(sample())).toBe(
      [
        'Plan: 3 to create, 1 to update, 1 to replace, 0 to delete (2 reads, 4 unchanged)',
        'Terraform 1.9.5, plan format 1.2',
        '',
        'DESTRUCTIVE CHANGES (1): these delete or replace existing objects',
        '  ! -/+ replace  aws_db_instance.main  (replace_because_cannot_update; replace paths: engine_version)',
        '',
        'Other changes (6):',
        '    +   create  aws_s3_bucket.logs',
        '    ~   update  aws_iam_role.ci',
        '    +   create  aws_s3_bucket.assets',
        '    <=  read    data.aws_caller_identity.me',
        '    <=  read    data.aws_region.here',
        '    +   create  aws_sqs_queue.jobs',
        '',
        'Drift: changed outside Terraform (1):',
        '    ~   changed  aws_iam_role.ci',
        '',
        'Outputs (3):',
        '    +   db_password = (sensitive)',
        '    +   endpoint = (known after apply)',
        '    ~   tags = { Name = "logs", cost-center = 42, "a b" = ["x", (known after apply)] }',
        '',
      ].join('\n'),
    );
  });

  it('puts every destructive change before every other change', () => {
    const summary = sample({
      changes: [
        change('a.create', ['create']),
        change('b.delete', ['delete'], ['delete_because_no_resource_config']),
        change('c.update', ['update']),
        change('d.cbd', ['create', 'delete']),
      ],
    });
    const lines = renderPlanText(summary).split('\n');
    const at = (address: string) =>
      lines.findIndex(
        line => line.endsWith(address) || line.includes(`${address}  (`),
      );
    const destructive = [at('b.delete'), at('d.cbd')];
    const other = [at('a.create'), at('c.update')];
    expect([...destructive, ...other].every(i => i > 0)).toBe(true);
    expect(Math.max(...destructive)).toBeLessThan(Math.min(...other));
    expect(lines[at('d.cbd')]).toMatch(/^ {2}! \+\/- replace \(create first\)/);
    expect(lines[at('b.delete')]).toMatch(/^ {2}! -/);
  });

  it('shows "Changes" when nothing is destructive, "No changes" when empty', () => {
    const safe = renderPlanText(
      sample({ changes: [change('a.b', ['create'])] }),
    );
    expect(safe).not.toContain('DESTRUCTIVE');
    expect(safe).toContain('\nChanges (1):\n');
    expect(renderPlanText(sample({ changes: [] }))).toContain(
      '\nNo changes to resources.\n',
    );
  });

  it('opens with a banner when the plan errored', () => {
    const text = renderPlanText(sample({ errored: true }));
    expect(text.split('\n')[0]).toBe(
      '!!! PLAN ERRORED: Terraform stopped before the plan was complete; the changes below are incomplete and the plan cannot be applied.',
    );
    expect(renderPlanText(sample())).not.toContain('ERRORED');
  });

  it('shows terminal control characters from the plan as escapes', () => {
    const text = renderPlanText(
      sample({
        changes: [
          change('null_resource.x\u001b[2J\u009b31m\nFAKE', ['create']),
        ],
        outputs: [
          {
            name: 'o\r',
            actions: ['create'],
            sensitive: false,
            value: 'v\u001b]0;t\u0007\u0085',
          },
        ],
      }),
    );
    expect(text).toContain('null_resource.x\\u001b[2J\\u009b31m\\u000aFAKE');
    expect(text).toContain('o\\u000d = "v\\u001b]0;t\\u0007\\u0085"');
    // eslint-disable-next-line no-control-regex
    expect(text.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('is deterministic', () => {
    expect(renderPlanText(sample())).toBe(renderPlanText(sample()));
  });
});

describe('renderPlanMarkdown', () => {
  it('starts with a count table, then destructive changes, then the rest', () => {
    const md = renderPlanMarkdown(sample());
    const lines = md.split('\n');
    expect(lines.slice(0, 8)).toEqual([
      '### Terraform plan',
      '',
      '**Plan: 3 to create, 1 to update, 1 to replace, 0 to delete (2 reads, 4 unchanged)**',
      '',
      '| create | update | replace | delete | read | no-op |',
      '| ---: | ---: | ---: | ---: | ---: | ---: |',
      '| 3 | 1 | 1 | 0 | 2 | 4 |',
      '',
    ]);
    const destructive = lines.indexOf('#### Destructive changes (1)');
    const other = lines.indexOf('#### Other changes (6)');
    const drift = lines.indexOf('#### Drift (1)');
    const outputs = lines.indexOf('#### Outputs (3)');
    expect(destructive).toBeGreaterThan(0);
    expect([destructive < other, other < drift, drift < outputs]).toEqual([
      true,
      true,
      true,
    ]);
    const replaceRow = lines.indexOf(
      '| replace | `aws_db_instance.main` | replace\\_because\\_cannot\\_update; replace paths: engine\\_version |',
    );
    expect(replaceRow).toBeGreaterThan(destructive);
    expect(replaceRow).toBeLessThan(other);
    expect(lines.slice(other + 2, other + 4)).toEqual([
      '| action | address | reasons |',
      '| --- | --- | --- |',
    ]);
  });

  it('adds a forget column only when something is forgotten', () => {
    expect(renderPlanMarkdown(sample())).not.toContain('forget');
    const md = renderPlanMarkdown(sample({ counts: { ...COUNTS, forget: 1 } }));
    expect(md).toContain(
      '| create | update | replace | delete | read | no-op | forget |',
    );
    expect(md).toContain('| 3 | 1 | 1 | 0 | 2 | 4 | 1 |');
  });

  it('escapes pipes and backticks in addresses so rows keep three cells', () => {
    const md = renderPlanMarkdown(
      sample({
        changes: [
          change('module.x["a|b"].aws_s3_bucket.y', ['delete']),
          change('aws_s3_bucket.`tick`', ['create']),
          change('aws_s3_bucket.a``b', ['update'], ['odd|reason *here* <b>']),
        ],
      }),
    );
    const rows = md.split('\n').filter(line => line.includes('aws_s3_bucket.'));
    expect(rows).toEqual([
      '| delete | `module.x["a\\|b"].aws_s3_bucket.y` |   |',
      '| create | `` aws_s3_bucket.`tick` `` |   |',
      '| update | ```aws_s3_bucket.a``b``` | odd\\|reason \\*here\\* \\<b\\> |',
    ]);
    expect(rows.map(row => cells(row).length)).toEqual([3, 3, 3]);
  });

  it('keeps a newline in an address from breaking the table', () => {
    const md = renderPlanMarkdown(
      sample({ changes: [change('a.b\n| injected | row |', ['create'])] }),
    );
    const row = md.split('\n').find(line => line.includes('a.b'));
    expect(row).toBe('| create | `a.b \\| injected \\| row \\|` |   |');
    expect(md).not.toContain('\n| injected');
  });

  it('shows outputs masked, with code-span values', () => {
    const md = renderPlanMarkdown(sample());
    expect(md).toContain(
      [
        '| output | action | value |',
        '| --- | --- | --- |',
        '| `db_password` | create | `(sensitive)` |',
        '| `endpoint` | create | `(known after apply)` |',
        '| `tags` | update | `{ Name = "logs", cost-center = 42, "a b" = ["x", (known after apply)] }` |',
      ].join('\n'),
    );
  });

  it('lists drift in the past tense', () => {
    expect(renderPlanMarkdown(sample())).toContain(
      '| change | address |\n| --- | --- |\n| changed | `aws_iam_role.ci` |',
    );
  });

  it('opens with a caution alert when the plan errored', () => {
    const md = renderPlanMarkdown(sample({ errored: true }));
    expect(md.split('\n').slice(0, 4)).toEqual([
      '### Terraform plan',
      '',
      '> [!CAUTION]',
      '> **Plan errored.** Terraform stopped before the plan was complete; the changes below are incomplete and the plan cannot be applied.',
    ]);
    expect(renderPlanMarkdown(sample())).not.toContain('CAUTION');
  });

  it('is deterministic', () => {
    expect(renderPlanMarkdown(sample())).toBe(renderPlanMarkdown(sample()));
  });
});

describe('masked values never leak', () => {
  // A summary built by hand (or by a buggy producer) may carry the raw value
  // of a sensitive output; the renderers print only the placeholder.
  const leaky = sample({
    outputs: [
      {
        name: 'db_password',
        actions: ['update'],
        sensitive: true,
        value: { password: SECRET, nested: [SECRET] },
      },
    ],
  });

  it('in text or markdown, even when the summary carries the raw value', () => {
    expect(formatOutputValue(leaky.outputs[0])).toBe(SENSITIVE);
    expect(renderPlanText(leaky)).not.toContain(SECRET);
    expect(renderPlanMarkdown(leaky)).not.toContain(SECRET);
    expect(renderPlanText(leaky)).toContain('db_password = (sensitive)');
  });

  it('from plan to rendering, for sensitive parts and sensitive outputs', () => {
    const summary = summarizePlan({
      format_version: '1.2',
      planned_values: { outputs: {} },
      resource_changes: [
        {
          address: 'aws_db_instance.main',
          type: 'aws_db_instance',
          change: {
            actions: ['update'],
            before: { password: SECRET },
            after: { password: SECRET },
            before_sensitive: { password: true },
            after_sensitive: { password: true },
          },
        },
      ],
      output_changes: {
        whole: {
          actions: ['create'],
          after: SECRET,
          after_sensitive: true,
        },
        part: {
          actions: ['create'],
          after: { user: 'admin', password: SECRET },
          after_sensitive: { password: true },
          after_unknown: {},
        },
      },
    });
    const everything = [
      JSON.stringify(summary),
      renderPlanText(summary),
      renderPlanMarkdown(summary),
    ].join('\n');
    expect(everything).not.toContain(SECRET);
    expect(summary.outputs.map(o => [o.name, o.sensitive, o.value])).toEqual([
      ['part', true, SENSITIVE],
      ['whole', true, SENSITIVE],
    ]);
  });
});

describe('long values', () => {
  it('are cut to 200 characters with an ellipsis', () => {
    const text = formatOutputValue({
      name: 'big',
      actions: ['create'],
      sensitive: false,
      value: 'x'.repeat(500),
    });
    expect(text).toHaveLength(200);
    expect(text.endsWith('…')).toBe(true);
  });
});
