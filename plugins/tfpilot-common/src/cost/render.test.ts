import { readFileSync } from 'fs';
import { resolve } from 'path';
import {
  formatMoney,
  formatMoneyDiff,
  renderCostMarkdown,
  renderCostText,
} from './render';
import { summarizeCost } from './summarizeCost';
import { CostSummary } from './types';

const FIXTURES = resolve(__dirname, '../../../../../shared/fixtures/infracost');

function fixture(file: string): CostSummary {
  return summarizeCost(
    JSON.parse(readFileSync(resolve(FIXTURES, file), 'utf8')),
  );
}

const SUMMARY: CostSummary = {
  currency: 'USD',
  totalMonthlyCost: 1361.3075,
  pastTotalMonthlyCost: 1373.3,
  diffTotalMonthlyCost: -11.9925,
  projects: [
    {
      name: 'network',
      totalMonthlyCost: 12.3,
      pastTotalMonthlyCost: 0,
      diffTotalMonthlyCost: 12.3,
      errors: [],
    },
    {
      name: 'db',
      totalMonthlyCost: 1349.0075,
      pastTotalMonthlyCost: 1373.3,
      diffTotalMonthlyCost: -24.2925,
      errors: [],
    },
    {
      name: 'broken',
      totalMonthlyCost: null,
      pastTotalMonthlyCost: null,
      diffTotalMonthlyCost: null,
      errors: ['No valid terraform files\nfound here', 'second problem'],
    },
  ],
};

describe('formatMoney', () => {
  it.each([
    [12.3, 'USD', '$12.30'],
    [0, 'USD', '$0.00'],
    [1361.3075, 'USD', '$1,361.31'],
    [1234567.891, 'EUR', '€1,234,567.89'],
    [999.995, 'GBP', '£1,000.00'],
    [1.005, 'USD', '$1.01'],
    [0.004, 'USD', '$0.00'],
    [-0.004, 'USD', '$0.00'],
    [-4, 'USD', '−$4.00'],
    [5, 'CHF', 'CHF 5.00'],
    [-5, 'JPY', '−JPY 5.00'],
    [5, 'usd', '$5.00'],
    [null, 'USD', 'n/a'],
  ])('formats %p %s as %s', (value, currency, text) => {
    expect(formatMoney(value, currency)).toBe(text);
  });

  it('uses U+2212 MINUS SIGN, not a hyphen', () => {
    expect(formatMoney(-4, 'USD').codePointAt(0)).toBe(0x2212);
  });
});

describe('formatMoneyDiff', () => {
  it.each([
    [12.3, 'USD', '+$12.30'],
    [-4, 'USD', '−$4.00'],
    [0, 'USD', '$0.00'],
    [-0.001, 'USD', '$0.00'],
    [0.005, 'USD', '+$0.01'],
    [-2241.684, 'USD', '−$2,241.68'],
    [1, 'EUR', '+€1.00'],
    [-1, 'GBP', '−£1.00'],
    [-1, 'CHF', '−CHF 1.00'],
    [1361.3075, 'CAD', '+CAD 1,361.31'],
    [null, 'USD', 'n/a'],
  ])('formats %p %s as %s', (value, currency, text) => {
    expect(formatMoneyDiff(value, currency)).toBe(text);
  });
});

describe('renderCostText', () => {
  it('lays out an aligned table, a total row and the errors', () => {
    expect(renderCostText(SUMMARY)).toBe(
      [
        'Monthly cost (USD), 3 projects',
        '',
        'Project    Monthly       Past     Diff',
        'network     $12.30      $0.00  +$12.30',
        'db       $1,349.01  $1,373.30  −$24.29',
        'broken         n/a        n/a      n/a',
        'Total    $1,361.31  $1,373.30  −$11.99',
        '',
        'Errors:',
        '  broken: No valid terraform files found here',
        '  broken: second problem',
        '',
      ].join('\n'),
    );
  });

  it('shows n/a for the missing totals of a 2021-era file', () => {
    expect(renderCostText(fixture('breakdown__legacy_2021_schema.json'))).toBe(
      [
        'Monthly cost (USD), 1 project',
        '',
        'Project                                       Monthly   Past        Diff',
        'infracost/infracost/cmd/infracost/testdata  $1,361.31  $0.00  +$1,361.31',
        'Total                                       $1,361.31    n/a         n/a',
        '',
      ].join('\n'),
    );
  });

  it('renders a file without projects as a total row only', () => {
    expect(renderCostText(fixture('breakdown__no_projects.json'))).toBe(
      [
        'Monthly cost (USD), 0 projects',
        '',
        'Project  Monthly   Past   Diff',
        'Total      $0.00  $0.00  $0.00',
        '',
      ].join('\n'),
    );
  });

  it('turns control characters in names and messages into spaces', () => {
    const text = renderCostText({
      ...SUMMARY,
      projects: [
        {
          ...SUMMARY.projects[2],
          name: 'evil\u001b[31mred',
          errors: ['bell\u0007\r\nand more'],
        },
      ],
    });
    const controls = [...text].filter(
      char => char !== '\n' && (char.charCodeAt(0) < 0x20 || char === '\u007f'),
    );
    expect(controls).toEqual([]);
    expect(text).toContain('evil [31mred');
    expect(text).toContain('  evil [31mred: bell and more\n');
  });
});

describe('renderCostMarkdown', () => {
  it('renders a table with right-aligned amounts, a bold total and the errors', () => {
    expect(renderCostMarkdown(SUMMARY)).toBe(
      [
        '**Monthly cost (USD), 3 projects**',
        '',
        '| Project | Monthly | Past | Diff |',
        '| --- | ---: | ---: | ---: |',
        '| network | $12.30 | $0.00 | +$12.30 |',
        '| db | $1,349.01 | $1,373.30 | −$24.29 |',
        '| broken | n/a | n/a | n/a |',
        '| **Total** | **$1,361.31** | **$1,373.30** | **−$11.99** |',
        '',
        '**Errors**',
        '',
        '- broken: No valid terraform files found here',
        '- broken: second problem',
        '',
      ].join('\n'),
    );
  });

  it('renders the multi-project fixture with its two failing projects', () => {
    const md = renderCostMarkdown(
      fixture('breakdown__multi_project_with_error.json'),
    );
    const dir =
      'REPLACED\\_PROJECT\\_PATH/testdata/breakdown\\_multi\\_project\\_with\\_error\\_output\\_json';
    expect(md.split('\n').slice(0, 10)).toEqual([
      '**Monthly cost (USD), 4 projects**',
      '',
      '| Project | Monthly | Past | Diff |',
      '| --- | ---: | ---: | ---: |',
      `| ${dir}/us1-dev | $0.00 | $0.00 | $0.00 |`,
      `| ${dir}/us1-prod | $0.00 | $0.00 | $0.00 |`,
      `| ${dir}/us2-dev | $462.32 | $462.32 | $0.00 |`,
      `| ${dir}/us2-prod | $742.64 | $742.64 | $0.00 |`,
      '| **Total** | **$1,204.96** | **$1,204.96** | **$0.00** |',
      '',
    ]);
    const errors = md.split('\n').filter(line => line.startsWith('- '));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(
      new RegExp(
        `^- ${dir.replace(
          /\\/g,
          '\\\\',
        )}/us1-dev: Error loading Terraform modules: `,
      ),
    );
    expect(errors[0]).toContain(
      'Either a quoted string block label or an opening brace ("{") is expected here., and 1 other diagnostic(s)',
    );
    expect(errors[1]).toContain('/us1-prod: Error loading Terraform modules');
  });

  it('renders a decrease with minus signs', () => {
    const md = renderCostMarkdown(
      fixture('output__combined_5_projects_terraform_terragrunt.json'),
    );
    expect(md).toContain(
      '| my terragrunt dev project | $51.97 | $51.09 | +$0.88 |',
    );
    expect(md).toContain(
      '| my terragrunt prod project | $747.64 | $1,308.28 | −$560.64 |',
    );
    expect(md).toContain(
      '| **Total** | **$3,027.53** | **$5,269.21** | **−$2,241.68** |',
    );
    expect(md).not.toContain('**Errors**');
  });

  it('escapes Markdown in project names and error messages', () => {
    const md = renderCostMarkdown({
      currency: 'EUR',
      totalMonthlyCost: 1,
      pastTotalMonthlyCost: null,
      diffTotalMonthlyCost: null,
      projects: [
        {
          name: 'a|b_*c*',
          totalMonthlyCost: 1,
          pastTotalMonthlyCost: null,
          diffTotalMonthlyCost: null,
          errors: [
            'costs $5 <script>alert(1)</script> `x` [link](y)\nnext ~z~',
          ],
        },
      ],
    });
    expect(md).toContain('| a\\|b\\_\\*c\\* | €1.00 | n/a | n/a |');
    expect(md).toContain(
      '- a\\|b\\_\\*c\\*: costs \\$5 \\<script\\>alert(1)\\</script\\> \\`x\\` \\[link\\](y) next \\~z\\~\n',
    );
    expect(md).toContain('| **Total** | **€1.00** | **n/a** | **n/a** |');
  });
});
