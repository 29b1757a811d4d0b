/**
 * The provider and the form generator against real third-party modules
 * (the shared fixtures) and the repository's own modules: every entity
 * passes the catalog's validators, every generated form compiles with Ajv,
 * and specific variables come out as they should.
 */
import { mockServices } from '@backstage/backend-test-utils';
import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { DeferredEntity } from '@backstage/plugin-catalog-node';
import { JsonObject } from '@backstage/types';
import {
  JsonSchema,
  moduleForm,
  ModuleInspection,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { inspectModule } from '@tfpilot/backstage-plugin-tfpilot-node';
import { SHARED_FIXTURES_DIR } from '@tfpilot/test';
import Ajv from 'ajv';
import { join } from 'node:path';
import {
  REPO_MODULES_DIR,
  runImmediately,
  TEMPLATE_OPTIONS,
  thirdPartyMetadata,
  urlReaderServing,
  withoutUiOptions,
} from './__testUtils__/trees';
import { LocalModuleSource, UrlModuleSource } from './provider/sources';
import { TfpilotModuleProvider } from './provider/TfpilotModuleProvider';

const FIXTURES = [
  ['terraform-aws-eks', 'eks', '20.31.0'],
  ['terraform-aws-rds', 'rds', '6.10.0'],
  ['terraform-aws-s3-bucket', 's3-bucket', '4.2.0'],
  ['terraform-azurerm-avm-res-keyvault-vault', 'keyvault', '0.9.1'],
  ['terraform-docs-examples', 'docs-examples', '0.1.0'],
] as const;

const urlOf = (folder: string) =>
  `https://github.com/example/${folder}/tree/main`;

const entityPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/** Ajv as strict as it gets: unknown keywords, loose types and tuples fail. */
const ajv = new Ajv({ strict: true, allErrors: true });

function compiles(schema: unknown): void {
  const validate = ajv.compile(withoutUiOptions(schema) as object);
  expect(typeof validate).toBe('function');
}

/** Every `default` in the schema is valid for the schema it sits in. */
function defaultsAreValid(schema: JsonSchema, where: string): string[] {
  const problems: string[] = [];
  if (schema.default !== undefined) {
    const { default: value, ...rest } = schema;
    const validate = ajv.compile(rest);
    if (!validate(value))
      problems.push(`${where}: ${ajv.errorsText(validate.errors)}`);
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    problems.push(...defaultsAreValid(property, `${where}.${name}`));
  }
  const nested = [schema.items, schema.additionalProperties].flat();
  for (const child of nested) {
    if (typeof child === 'object' && child !== null) {
      problems.push(...defaultsAreValid(child, `${where}[]`));
    }
  }
  return problems;
}

type Page = { properties: Record<string, JsonSchema & JsonObject> };

function templateOf(entities: DeferredEntity[], name: string): Entity {
  const found = entities.find(
    e => e.entity.kind === 'Template' && e.entity.metadata.name === name,
  );
  if (!found) throw new Error(`no template ${name}`);
  return found.entity;
}

/** A variable's schema in the generated template, wherever its page is. */
function field(template: Entity, variable: string): JsonSchema & JsonObject {
  for (const page of template.spec?.parameters as Page[]) {
    for (const group of Object.values(page.properties)) {
      const property = group.properties?.[variable];
      if (property) return property as JsonSchema & JsonObject;
    }
  }
  throw new Error(`no field ${variable}`);
}

function createStep(template: Entity) {
  const steps = template.spec?.steps as Array<{
    id: string;
    input: { inputs: Record<string, string> };
  }>;
  return steps[0];
}

// The HCL parser starts in a worker; on a loaded 2-core CI machine that and
// reading every module takes longer than Jest's 5 s default.
jest.setTimeout(60_000);
describe('real modules', () => {
  const logger = mockServices.logger.mock();
  let entities: DeferredEntity[];

  beforeAll(async () => {
    const reader = urlReaderServing(
      Object.fromEntries(
        FIXTURES.map(([folder]) => [
          urlOf(folder),
          join(SHARED_FIXTURES_DIR, 'modules', folder),
        ]),
      ),
    );
    const provider = new TfpilotModuleProvider({
      sources: [
        new LocalModuleSource({
          dir: { path: REPO_MODULES_DIR, configured: true },
          logger,
        }),
        ...FIXTURES.map(
          ([folder, name, version]) =>
            new UrlModuleSource({
              source: {
                url: urlOf(folder),
                metadata: thirdPartyMetadata(name, version),
              },
              reader,
              logger,
            }),
        ),
      ],
      templates: TEMPLATE_OPTIONS,
      logger,
      taskRunner: runImmediately,
    });
    entities = await provider.read();
  });

  it('publishes every module version and a template for each module', () => {
    expect(logger.warn).not.toHaveBeenCalled();
    const refs = entities.map(
      e => `${e.entity.kind}:${e.entity.metadata.name}`,
    );
    for (const [, name, version] of FIXTURES) {
      expect(refs).toContain(`Component:${name}-${version}`);
      expect(refs).toContain(`Template:${name}`);
    }
    expect(refs).toContain('Component:object-bucket-1.0.0');
    expect(refs).toContain('Template:object-bucket');
  });

  it('publishes entities the catalog accepts', async () => {
    for (const { entity } of entities) {
      await expect(entityPolicy.enforce(entity)).resolves.toMatchObject(entity);
      const validator =
        entity.kind === 'Template'
          ? templateEntityV1beta3Validator
          : componentEntityV1alpha1Validator;
      await expect(validator.check(entity)).resolves.toBe(true);
    }
  });

  it('keeps entities at a reasonable size', () => {
    for (const { entity } of entities) {
      // The largest, EKS and RDS, carry 100+ documented variables each.
      expect(JSON.stringify(entity).length).toBeLessThan(256 * 1024);
    }
  });

  it('generates forms, secrets schemas and defaults that strict Ajv accepts', () => {
    for (const { entity } of entities.filter(
      e => e.entity.kind === 'Template',
    )) {
      const spec = entity.spec as {
        parameters: JsonSchema[];
        secrets?: { schema: JsonSchema };
      };
      for (const page of spec.parameters) {
        compiles(page);
        expect(defaultsAreValid(page, entity.metadata.name)).toEqual([]);
      }
      if (spec.secrets) compiles(spec.secrets.schema);
    }
  });

  it('generates a form from every fixture module, with every variable or a reason', async () => {
    for (const [folder] of FIXTURES) {
      const inspection: ModuleInspection = await inspectModule(
        join(SHARED_FIXTURES_DIR, 'modules', folder),
      );
      const form = moduleForm(inspection);
      compiles(form.schema);
      compiles(form.secretsSchema);
      const covered = [
        ...Object.keys(form.schema.properties),
        ...form.omitted.map(o => o.name),
      ].sort();
      expect(covered).toEqual(inspection.variables.map(v => v.name).sort());
    }
  });

  it('publishes inputs the frontend can rebuild the same form from', async () => {
    for (const [folder, name, version] of FIXTURES) {
      const component = entities.find(
        e => e.entity.metadata.name === `${name}-${version}`,
      )?.entity;
      const spec = component?.spec?.tfpilot as unknown as {
        inputs: ModuleInspection['variables'];
      };
      const inspection = await inspectModule(
        join(SHARED_FIXTURES_DIR, 'modules', folder),
      );
      expect(moduleForm({ variables: spec.inputs })).toEqual(
        moduleForm(inspection),
      );
    }
  });

  describe('keyvault (validations, optional attributes, nullable, sensitive)', () => {
    let template: Entity;
    beforeAll(() => {
      template = templateOf(entities, 'keyvault');
    });

    it('turns contains() into enums, also inside objects and maps', () => {
      expect(field(template, 'sku_name')).toMatchObject({
        type: 'string',
        enum: ['standard', 'premium'],
        default: 'premium',
      });
      expect(field(template, 'lock')).toMatchObject({
        type: 'object',
        properties: {
          kind: { type: 'string', enum: ['CanNotDelete', 'ReadOnly'] },
          name: { type: 'string' },
        },
        required: ['kind'],
        additionalProperties: false,
      });
      expect(field(template, 'keys')).toMatchObject({
        type: 'object',
        additionalProperties: {
          properties: {
            key_type: { enum: ['EC', 'EC-HSM', 'RSA', 'RSA-HSM'] },
          },
        },
      });
      expect(field(template, 'network_acls')).toMatchObject({
        properties: {
          bypass: { enum: ['AzureServices', 'None'], default: 'None' },
          default_action: { enum: ['Allow', 'Deny'], default: 'Deny' },
        },
      });
    });

    it('turns regex validations into patterns and ranges into bounds', () => {
      expect(field(template, 'name')).toMatchObject({
        type: 'string',
        pattern: '^[a-zA-Z0-9-]{3,24}$',
        not: { pattern: '--' },
        allOf: [{ pattern: '^[a-zA-Z]' }, { pattern: '[a-zA-Z0-9]$' }],
      });
      expect(field(template, 'tenant_id').pattern).toBe(
        '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$',
      );
      expect(field(template, 'soft_delete_retention_days')).toMatchObject({
        type: 'integer',
        minimum: 7,
        maximum: 90,
      });
      expect(field(template, 'legacy_access_policies')).toMatchObject({
        additionalProperties: {
          properties: {
            object_id: {
              pattern: '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$',
            },
            secret_permissions: {
              items: {
                enum: [
                  'Backup',
                  'Delete',
                  'Get',
                  'List',
                  'Purge',
                  'Recover',
                  'Restore',
                  'Set',
                ],
              },
            },
          },
        },
      });
    });

    it('requires what has no default, not what defaults to null', () => {
      const [, required] = template.spec?.parameters as Array<{
        properties: { inputs: JsonSchema };
      }>;
      expect(required.properties.inputs.required).toEqual([
        'location',
        'name',
        'resource_group_name',
        'tenant_id',
      ]);
      expect(field(template, 'lock').default).toBeUndefined();
    });

    it('leaves sensitive maps out of the form and says why', () => {
      const pages = template.spec?.parameters as Array<{
        description?: string;
      }>;
      expect(pages[2].description).toMatch(
        /secrets_value \(sensitive and of type map: a secret field only holds text\)/,
      );
      const steps = JSON.stringify(template.spec?.steps);
      expect(steps).not.toContain('"secrets_value"');
      expect(steps).not.toContain('"secrets_value_wo"');
    });
  });

  it('collects a sensitive string (rds password_wo) as a secret only', () => {
    const template = templateOf(entities, 'rds');
    expect(field(template, 'password_wo')).toEqual({
      title: 'password_wo',
      description: expect.any(String),
      type: 'string',
      'ui:field': 'Secret',
    });
    expect(template.spec?.secrets).toEqual({
      schema: {
        type: 'object',
        properties: {
          password_wo: expect.objectContaining({ type: 'string' }),
        },
        required: [],
      },
    });
    expect(createStep(template).input.inputs.password_wo).toBe(
      '${{ secrets.password_wo }}',
    );
  });

  it('maps nested optional attributes (eks)', () => {
    const template = templateOf(entities, 'eks');
    expect(field(template, 'outpost_config')).toMatchObject({
      type: 'object',
      properties: {
        control_plane_instance_type: { type: 'string' },
        control_plane_placement: {
          type: 'object',
          properties: { group_name: { type: 'string' } },
          required: ['group_name'],
        },
        outpost_arns: { type: 'array', items: { type: 'string' } },
      },
      required: ['outpost_arns'],
    });
    expect(field(template, 'encryption_config')).toMatchObject({
      default: {},
      properties: {
        resources: { type: 'array', default: ['secrets'] },
      },
    });
    expect(field(template, 'access_entries')).toMatchObject({
      additionalProperties: {
        required: ['principal_arn'],
        properties: {
          type: { default: 'STANDARD' },
          policy_associations: {
            default: {},
            additionalProperties: {
              required: ['policy_arn', 'access_scope'],
            },
          },
        },
      },
    });
  });

  it('handles legacy and missing types and names that are not identifiers (terraform-docs)', () => {
    const template = templateOf(entities, 'docs-examples');
    expect(field(template, 'string-2')).toMatchObject({ type: 'string' });
    expect(field(template, 'map-2')).toMatchObject({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
    expect(field(template, 'list-1')).toMatchObject({
      type: 'array',
      default: ['a', 'b', 'c'],
    });
    expect(field(template, 'number-3')).toMatchObject({
      type: 'number',
      default: 19,
    });
    expect(field(template, 'bool-1')).toMatchObject({
      type: 'boolean',
      default: true,
    });
    expect(field(template, 'long_type')).toMatchObject({
      type: 'object',
      required: ['name', 'foo', 'bar', 'fizz', 'buzz'],
      default: { name: 'hello', buzz: ['fizz', 'buzz'] },
    });
    const { inputs } = createStep(template).input;
    expect(inputs['input-with-pipe']).toBe(
      '${{ parameters.optionalInputs["input-with-pipe"] }}',
    );
    expect(inputs.unquoted).toBe('${{ parameters.inputs.unquoted }}');
  });
});
