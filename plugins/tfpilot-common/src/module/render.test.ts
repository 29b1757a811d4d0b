import {
  formatModuleType,
  formatModuleValue,
  renderModuleMarkdown,
  renderModuleText,
} from './render';
import type {
  ModuleInspection,
  ModuleObjectAttribute,
  ModuleVariable,
} from './types';

function variable(
  fields: Partial<ModuleVariable> & Pick<ModuleVariable, 'name'>,
): ModuleVariable {
  return {
    file: 'variables.tf',
    type: null,
    typeSpec: null,
    description: null,
    default: null,
    hasDefault: false,
    defaultIsExpression: false,
    required: true,
    sensitive: false,
    nullable: true,
    ephemeral: false,
    validations: [],
    ...fields,
  };
}

function attribute(
  fields: Partial<ModuleObjectAttribute> &
    Pick<ModuleObjectAttribute, 'name' | 'type'>,
): ModuleObjectAttribute {
  return {
    optional: false,
    default: null,
    hasDefault: false,
    defaultIsExpression: false,
    ...fields,
  };
}

const SAMPLE: ModuleInspection = {
  variables: [
    variable({
      name: 'environment',
      type: 'string',
      typeSpec: { kind: 'string' },
      description: 'Environment | stage.',
      validations: [
        {
          condition: 'contains(["dev"], var.environment)',
          errorMessage: 'environment must be\none of dev.',
        },
      ],
    }),
    variable({
      name: 'password',
      type: 'string',
      typeSpec: { kind: 'string' },
      description: 'Admin password.',
      default: 'hunter2',
      hasDefault: true,
      required: false,
      sensitive: true,
      nullable: false,
    }),
    variable({
      name: 'settings',
      type: 'object({\n    name = string\n  })',
      typeSpec: {
        kind: 'object',
        attributes: [
          attribute({ name: 'name', type: { kind: 'string' } }),
          attribute({
            name: 'tags',
            type: { kind: 'map', element: { kind: 'string' } },
            optional: true,
            default: { 'cost-center': 'a|b', team: 'core' },
            hasDefault: true,
          }),
          attribute({
            name: 'ports',
            type: {
              kind: 'tuple',
              elements: [{ kind: 'number' }, { kind: 'bool' }],
            },
            optional: true,
          }),
        ],
      },
      description: 'Line one.\r\nLine two with `code`.\n',
      default: { name: 'x`y' },
      hasDefault: true,
      required: false,
    }),
    variable({
      name: 'untyped',
      default: ['a', 1, true, null],
      hasDefault: true,
      required: false,
      ephemeral: true,
    }),
  ],
  outputs: [
    {
      name: 'arn',
      file: 'outputs.tf',
      description: 'ARN | of it.',
      sensitive: false,
    },
    {
      name: 'password',
      file: 'outputs.tf',
      description: null,
      sensitive: true,
    },
  ],
  providers: [
    {
      name: 'aws',
      source: 'hashicorp/aws',
      versionConstraint: '>= 5.0, < 7.0',
      configurationAliases: ['aws.peer'],
      configured: false,
    },
    {
      name: 'random',
      source: null,
      versionConstraint: null,
      configurationAliases: [],
      configured: true,
    },
  ],
  requiredVersion: '>= 1.6.0',
  readme: '# Sample\n',
  readmeFile: 'README.md',
  files: ['main.tf', 'outputs.tf', 'variables.tf'],
};

const EMPTY: ModuleInspection = {
  variables: [],
  outputs: [],
  providers: [],
  requiredVersion: null,
  readme: null,
  readmeFile: null,
  files: ['main.tf'],
};

describe('formatModuleValue', () => {
  it('writes values in HCL literal syntax on one line', () => {
    expect(formatModuleValue(null)).toBe('null');
    expect(formatModuleValue('a "b"\n')).toBe('"a \\"b\\"\\n"');
    expect(formatModuleValue(1.5)).toBe('1.5');
    expect(formatModuleValue(false)).toBe('false');
    expect(formatModuleValue([])).toBe('[]');
    expect(formatModuleValue({})).toBe('{}');
    expect(formatModuleValue({ a: [1, 'x'], 'b c': { d: null } })).toBe(
      '{ a = [1, "x"], "b c" = { d = null } }',
    );
  });
});

describe('formatModuleType', () => {
  it('writes every kind of type on one line', () => {
    expect(formatModuleType({ kind: 'any' })).toBe('any');
    expect(
      formatModuleType({
        kind: 'set',
        element: { kind: 'list', element: { kind: 'bool' } },
      }),
    ).toBe('set(list(bool))');
    expect(formatModuleType({ kind: 'tuple', elements: [] })).toBe('tuple([])');
    expect(formatModuleType({ kind: 'object', attributes: [] })).toBe(
      'object({})',
    );
    expect(
      formatModuleType({
        kind: 'object',
        attributes: [
          attribute({ name: 'a', type: { kind: 'string' } }),
          attribute({
            name: 'with space',
            type: { kind: 'number' },
            optional: true,
          }),
          attribute({
            name: 'c',
            type: { kind: 'bool' },
            optional: true,
            hasDefault: true,
            default: true,
          }),
        ],
      }),
    ).toBe(
      'object({a = string, "with space" = optional(number), c = optional(bool, true)})',
    );
  });
});

describe('renderModuleText', () => {
  it('lists inputs, outputs and providers', () => {
    expect(renderModuleText(SAMPLE)).toBe(
      [
        'Module: 4 inputs, 2 outputs, 2 providers',
        'Files: main.tf, outputs.tf, variables.tf',
        'README: README.md',
        'Terraform: >= 1.6.0',
        '',
        'Inputs (4):',
        '  environment: string [required]',
        '    Environment | stage.',
        '    validation: environment must be one of dev.',
        '  password: string = (sensitive) [sensitive, not nullable]',
        '    Admin password.',
        '  settings: object({name = string, tags = optional(map(string), { cost-center = "a|b", team = "core" }), ports = optional(tuple([number, bool]))}) = { name = "x`y" }',
        '    Line one.',
        '    Line two with `code`.',
        '  untyped: any = ["a", 1, true, null] [ephemeral]',
        '',
        'Outputs (2):',
        '  arn',
        '    ARN | of it.',
        '  password (sensitive)',
        '',
        'Providers (2):',
        '  aws: source hashicorp/aws; version >= 5.0, < 7.0; aliases aws.peer',
        '  random: source not declared; any version; configured in the module',
        '',
      ].join('\n'),
    );
  });

  it('says when there is nothing to list', () => {
    expect(renderModuleText(EMPTY)).toBe(
      [
        'Module: 0 inputs, 0 outputs, 0 providers',
        'Files: main.tf',
        'README: (none)',
        '',
        'Inputs (0):',
        '  (none)',
        '',
        'Outputs (0):',
        '  (none)',
        '',
        'Providers (0):',
        '  (none)',
        '',
      ].join('\n'),
    );
  });

  it('never prints the default of a sensitive variable', () => {
    expect(renderModuleText(SAMPLE)).not.toContain('hunter2');
  });

  it('shows terminal control characters as U+FFFD', () => {
    const hostile: ModuleInspection = {
      ...EMPTY,
      outputs: [
        {
          name: 'x',
          file: 'outputs.tf',
          description: 'clear \u001b[2J screen\u0007',
          sensitive: false,
        },
      ],
    };
    expect(renderModuleText(hostile)).toContain(
      '    clear \uFFFD[2J screen\uFFFD\n',
    );
  });
});

describe('renderModuleMarkdown', () => {
  it('renders inputs, outputs and providers tables', () => {
    expect(renderModuleMarkdown(SAMPLE)).toBe(
      [
        '## Requirements',
        '',
        'Terraform `>= 1.6.0`',
        '',
        '## Inputs',
        '',
        '| Name | Type | Default | Required | Description |',
        '|---|---|---|---|---|',
        '| `environment` | `string` | n/a | yes | Environment \\| stage. |',
        '| `password` | `string` | (sensitive) | no | Admin password. |',
        '| `settings` | `object({name = string, tags = optional(map(string), { cost-center = "a\\|b", team = "core" }), ports = optional(tuple([number, bool]))})` | ``{ name = "x`y" }`` | no | Line one.<br>Line two with `code`. |',
        '| `untyped` | `any` | `["a", 1, true, null]` | no |  |',
        '',
        '## Outputs',
        '',
        '| Name | Description | Sensitive |',
        '|---|---|---|',
        '| `arn` | ARN \\| of it. | no |',
        '| `password` |  | yes |',
        '',
        '## Providers',
        '',
        '| Name | Source | Version |',
        '|---|---|---|',
        '| `aws` | `hashicorp/aws` | `>= 5.0, < 7.0` |',
        '| `random` | - | - |',
        '',
      ].join('\n'),
    );
  });

  it('keeps every table row on one line with its pipes escaped', () => {
    const pipesPerRow = renderModuleMarkdown(SAMPLE)
      .split('\n')
      .filter(line => line.startsWith('|'))
      .map(line => line.replace(/\\\|/g, '').split('|').length - 1);
    // Inputs: 5 columns, header + rule + 4 rows; outputs and providers:
    // 3 columns, header + rule + 2 rows.
    expect(pipesPerRow).toEqual([
      ...Array(6).fill(6),
      ...Array(4).fill(4),
      ...Array(4).fill(4),
    ]);
  });

  it('says when there is nothing to list', () => {
    expect(renderModuleMarkdown(EMPTY)).toBe(
      [
        '## Inputs',
        '',
        'No inputs.',
        '',
        '## Outputs',
        '',
        'No outputs.',
        '',
        '## Providers',
        '',
        'No providers.',
        '',
      ].join('\n'),
    );
  });

  it('is deterministic and leaves the inspection alone', () => {
    const before = JSON.stringify(SAMPLE);
    const first = renderModuleMarkdown(SAMPLE);
    expect(renderModuleMarkdown(SAMPLE)).toBe(first);
    expect(renderModuleText(SAMPLE)).toBe(renderModuleText(SAMPLE));
    expect(JSON.stringify(SAMPLE)).toBe(before);
  });
});
