import type { ModuleObjectAttribute, ModuleTypeSpec } from '../types';
import { moduleForm } from './moduleForm';
import { embedUiSchema } from './scaffolder';
import type { FormVariable } from './types';

const STRING: ModuleTypeSpec = { kind: 'string' };
const NUMBER: ModuleTypeSpec = { kind: 'number' };

function variable(
  name: string,
  typeSpec: ModuleTypeSpec | null,
  extra: Partial<FormVariable> = {},
): FormVariable {
  const hasDefault = 'default' in extra;
  return {
    name,
    typeSpec,
    description: null,
    default: null,
    hasDefault,
    defaultIsExpression: false,
    required: !hasDefault,
    sensitive: false,
    validations: [],
    ...extra,
  };
}

function attribute(
  name: string,
  type: ModuleTypeSpec,
  extra: Partial<ModuleObjectAttribute> = {},
): ModuleObjectAttribute {
  return {
    name,
    type,
    optional: false,
    default: null,
    hasDefault: false,
    defaultIsExpression: false,
    ...extra,
  };
}

const validation = (condition: string) => ({
  condition,
  errorMessage: 'invalid',
});

describe('moduleForm', () => {
  it('maps primitive types, descriptions, defaults and requiredness', () => {
    const form = moduleForm({
      variables: [
        variable('name', STRING, { description: 'Bucket name' }),
        variable('size', NUMBER, { default: '19' }),
        variable('enabled', { kind: 'bool' }, { default: true }),
        variable('maybe', STRING, { default: null }),
      ],
    });
    expect(form.schema).toEqual({
      type: 'object',
      properties: {
        name: { title: 'name', description: 'Bucket name', type: 'string' },
        size: { title: 'size', type: 'number', default: 19 },
        enabled: { title: 'enabled', type: 'boolean', default: true },
        maybe: { title: 'maybe', type: 'string' },
      },
      required: ['name'],
    });
    expect(form.omitted).toEqual([]);
  });

  it('maps collections: set items unique, maps as objects, tuples fixed', () => {
    const form = moduleForm({
      variables: [
        variable('zones', { kind: 'set', element: STRING }),
        variable('ports', { kind: 'list', element: NUMBER }),
        variable('tags', { kind: 'map', element: STRING }, { default: {} }),
        variable('pair', { kind: 'tuple', elements: [STRING, NUMBER] }),
      ],
    });
    const { properties } = form.schema;
    expect(properties.zones).toMatchObject({
      type: 'array',
      items: { type: 'string' },
      uniqueItems: true,
    });
    expect(properties.ports).toMatchObject({
      type: 'array',
      items: { type: 'number' },
    });
    expect(properties.ports.uniqueItems).toBeUndefined();
    expect(properties.tags).toMatchObject({
      type: 'object',
      additionalProperties: { type: 'string' },
      default: {},
    });
    expect(properties.pair).toMatchObject({
      type: 'array',
      items: [{ type: 'string' }, { type: 'number' }],
      minItems: 2,
      maxItems: 2,
      additionalItems: false,
    });
  });

  it('maps objects: optional() attributes not required, their defaults kept', () => {
    const form = moduleForm({
      variables: [
        variable('acls', {
          kind: 'object',
          attributes: [
            attribute('bypass', STRING, {
              optional: true,
              hasDefault: true,
              default: 'None',
            }),
            attribute(
              'ips',
              { kind: 'set', element: STRING },
              {
                optional: true,
                hasDefault: true,
                default: [],
              },
            ),
            attribute('name', STRING, {
              optional: true,
              hasDefault: true,
              default: null,
            }),
            attribute('action', STRING),
          ],
        }),
      ],
    });
    expect(form.schema.properties.acls).toEqual({
      title: 'acls',
      type: 'object',
      properties: {
        bypass: { type: 'string', default: 'None' },
        ips: {
          type: 'array',
          items: { type: 'string' },
          uniqueItems: true,
          default: [],
        },
        name: { type: 'string' },
        action: { type: 'string' },
      },
      required: ['action'],
      additionalProperties: false,
    });
  });

  it('guesses the type of untyped and any variables from the default', () => {
    const form = moduleForm({
      variables: [
        variable('flag', null, { default: true }),
        variable(
          'list',
          { kind: 'list', element: { kind: 'any' } },
          {
            default: ['a'],
          },
        ),
        variable(
          'map',
          { kind: 'map', element: { kind: 'any' } },
          {
            default: { a: 1 },
          },
        ),
        variable('free', null),
      ],
    });
    const { properties } = form.schema;
    expect(properties.flag).toMatchObject({ type: 'boolean', default: true });
    expect(properties.list).toMatchObject({ items: { type: 'string' } });
    expect(properties.map).toMatchObject({
      additionalProperties: { type: 'number' },
      default: { a: 1 },
    });
    expect(properties.free).toMatchObject({ type: 'string' });
  });

  it('leaves out a default computed by an expression and says so', () => {
    const form = moduleForm({
      variables: [
        variable('ttl', NUMBER, {
          default: '${60 * 60}',
          defaultIsExpression: true,
        }),
      ],
    });
    expect(form.schema.properties.ttl.default).toBeUndefined();
    expect(form.uiSchema.ttl).toEqual({
      'ui:help': expect.stringContaining('computed'),
    });
  });

  it('turns validation conditions into enums, patterns and bounds', () => {
    const form = moduleForm({
      variables: [
        variable('env', STRING, {
          validations: [validation('contains(["dev", "prod"], var.env)')],
        }),
        variable('name', STRING, {
          validations: [
            validation('can(regex("^[a-z0-9-]{3,24}$", var.name))'),
            validation('!can(regex("--", var.name))'),
            validation('can(regex("^[a-z]", var.name))'),
            validation('length(var.name) > 2'),
          ],
        }),
        variable('days', NUMBER, {
          default: null,
          validations: [
            validation(
              'var.days == null ? true : var.days >= 7 && var.days <= 90',
            ),
            validation('var.days == null ? true : ceil(var.days) == var.days'),
          ],
        }),
        variable('legacy', STRING, {
          validations: [validation('can(regex("(?i)^abc", var.legacy))')],
        }),
      ],
    });
    const { properties } = form.schema;
    expect(properties.env.enum).toEqual(['dev', 'prod']);
    expect(properties.name).toMatchObject({
      pattern: '^[a-z0-9-]{3,24}$',
      not: { pattern: '--' },
      allOf: [{ pattern: '^[a-z]' }],
      minLength: 3,
    });
    expect(properties.days).toMatchObject({
      type: 'integer',
      minimum: 7,
      maximum: 90,
    });
    // RE2-only syntax (flags) has no JSON Schema equivalent.
    expect(properties.legacy.pattern).toBeUndefined();
  });

  it('applies constraints inside collections of objects', () => {
    const form = moduleForm({
      variables: [
        variable(
          'keys',
          {
            kind: 'map',
            element: {
              kind: 'object',
              attributes: [
                attribute('key_type', STRING),
                attribute('perms', { kind: 'list', element: STRING }),
              ],
            },
          },
          {
            default: {},
            validations: [
              validation(
                'alltrue([for key in var.keys : contains(["EC", "RSA"], key.key_type)])',
              ),
              validation(
                'alltrue([for _, v in var.keys : setintersection(["Get"], v.perms) == v.perms])',
              ),
              validation('length(var.keys) <= 3'),
            ],
          },
        ),
      ],
    });
    expect(form.schema.properties.keys).toMatchObject({
      maxProperties: 3,
      additionalProperties: {
        properties: {
          key_type: { type: 'string', enum: ['EC', 'RSA'] },
          perms: { items: { type: 'string', enum: ['Get'] } },
        },
      },
    });
  });

  it('ignores a constraint that does not fit the type', () => {
    const form = moduleForm({
      variables: [
        variable('count', NUMBER, {
          validations: [
            validation('contains(["a"], var.count)'),
            validation('can(regex("^a", var.count))'),
          ],
        }),
      ],
    });
    expect(form.schema.properties.count).toEqual({
      title: 'count',
      type: 'number',
    });
  });

  it('collects sensitive text as secrets, validated in the secrets schema', () => {
    const form = moduleForm({
      variables: [
        variable('password', STRING, {
          sensitive: true,
          description: 'Admin password',
          validations: [
            validation('length(var.password) >= 12'),
            validation('can(regex("[0-9]", var.password))'),
          ],
        }),
        variable('token', null, { sensitive: true, default: null }),
      ],
    });
    expect(form.schema.properties.password).toEqual({
      title: 'password',
      description: 'Admin password',
      type: 'string',
      minLength: 12,
    });
    expect(form.uiSchema.password).toEqual({ 'ui:field': 'Secret' });
    expect(form.secretNames).toEqual(['password', 'token']);
    expect(form.secretsSchema).toEqual({
      type: 'object',
      properties: {
        password: {
          title: 'password',
          description: 'Admin password',
          type: 'string',
          minLength: 12,
          pattern: '[0-9]',
        },
        token: { title: 'token', type: 'string' },
      },
      required: ['password'],
    });
    expect(form.schema.required).toEqual(['password']);
  });

  it('omits sensitive values that are not text, saying whether they were required', () => {
    const form = moduleForm({
      variables: [
        variable(
          'values',
          { kind: 'map', element: STRING },
          {
            sensitive: true,
            default: {},
          },
        ),
        variable('pin', NUMBER, { sensitive: true }),
      ],
    });
    expect(form.schema.properties).toEqual({});
    expect(form.omitted).toEqual([
      {
        name: 'values',
        required: false,
        reason: expect.stringContaining('map'),
      },
      {
        name: 'pin',
        required: true,
        reason: expect.stringContaining('number'),
      },
    ]);
  });

  it('asks required booleans with radio buttons', () => {
    const form = moduleForm({
      variables: [variable('public', { kind: 'bool' })],
    });
    expect(form.uiSchema.public).toEqual({ 'ui:widget': 'radio' });
  });

  it('collects only the variables asked for', () => {
    const form = moduleForm(
      {
        variables: [
          variable('a', STRING),
          variable('b', STRING, { default: 'x' }),
        ],
      },
      { include: v => v.required },
    );
    expect(Object.keys(form.schema.properties)).toEqual(['a']);
  });
});

describe('embedUiSchema', () => {
  it('puts ui options next to the properties they belong to', () => {
    expect(
      embedUiSchema(
        {
          type: 'object',
          properties: {
            password: { type: 'string' },
            list: { type: 'array', items: { type: 'string' } },
            map: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
        {
          'ui:order': ['password', '*'],
          password: { 'ui:field': 'Secret' },
          list: { items: { 'ui:widget': 'textarea' } },
          map: { additionalProperties: { 'ui:widget': 'textarea' } },
        },
      ),
    ).toEqual({
      type: 'object',
      'ui:order': ['password', '*'],
      properties: {
        password: { type: 'string', 'ui:field': 'Secret' },
        list: {
          type: 'array',
          items: { type: 'string', 'ui:widget': 'textarea' },
        },
        map: {
          type: 'object',
          additionalProperties: { type: 'string', 'ui:widget': 'textarea' },
        },
      },
    });
  });
});
