import { createMockDirectory } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ScaffolderSchema } from '@tfpilot/backstage-plugin-tfpilot-common';
import { join } from 'node:path';
import { REPO_MODULES_DIR, TEMPLATE_OPTIONS } from '../__testUtils__/trees';
import { readModuleRelease } from '../provider/readModules';
import { ModuleRelease } from '../provider/types';
import {
  compatibleVersions,
  moduleTemplate,
  ModuleTemplateResult,
} from './moduleTemplate';

const origin = {
  location:
    'url:https://github.com/acme/platform/tree/main/modules/object-bucket/',
  readFrom: 'file:/srv/modules/object-bucket',
  url: 'https://github.com/acme/platform/tree/main/modules/object-bucket',
  label: '/srv/modules/object-bucket',
};

const entityOf = (result: ModuleTemplateResult) => {
  if ('problem' in result) throw new Error(result.problem);
  return result.entity;
};

const pagesOf = (entity: Entity) =>
  (entity.spec?.parameters ?? []) as ScaffolderSchema[];

/** The schema of a page's group (`inputs`, `optionalInputs`) or field. */
const propertyOf = (schema: ScaffolderSchema, ...path: string[]) =>
  path.reduce<ScaffolderSchema | undefined>(
    (current, name) => current?.properties?.[name],
    schema,
  );

type Step = { id: string; input: { inputs: Record<string, string> } };

// The HCL parser starts in a worker: slow on a loaded 2-core CI machine.
jest.setTimeout(60_000);
describe('moduleTemplate', () => {
  const dir = createMockDirectory();
  let bucket: ModuleRelease;

  beforeAll(async () => {
    bucket = await readModuleRelease(
      join(REPO_MODULES_DIR, 'object-bucket'),
      origin,
      {},
    );
  });

  it('requests the module: request page, inputs pages, create and wait steps, links', () => {
    const entity = entityOf(
      moduleTemplate(bucket, ['1.0.0'], TEMPLATE_OPTIONS),
    );

    expect(entity).toMatchObject({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: {
        name: 'object-bucket',
        title: 'Object storage bucket',
        tags: ['tfpilot', 'terraform', 'aws', 'storage', 's3'],
        annotations: {
          'tfpilot/module': 'object-bucket',
          'tfpilot/module-version': '1.0.0',
          'backstage.io/managed-by-location': origin.readFrom,
          'backstage.io/source-location': origin.location,
        },
      },
      spec: {
        type: 'infrastructure',
        owner: 'group:default/platform',
      },
    });
    expect(entity.metadata.description).toMatch(
      /^Request Object storage bucket through TfPilot: .* A private, encrypted S3 bucket/,
    );

    const [request, inputs, optional] = pagesOf(entity);
    expect(request).toEqual({
      title: 'Request',
      type: 'object',
      required: ['entityRef', 'environment', 'version'],
      properties: {
        entityRef: {
          title: 'For',
          description: 'The component or system this infrastructure serves',
          type: 'string',
          'ui:field': 'EntityPicker',
          'ui:options': { catalogFilter: { kind: ['Component', 'System'] } },
        },
        environment: {
          title: 'Environment',
          type: 'string',
          enum: ['dev', 'stage', 'prod'],
        },
        version: {
          title: 'Module version',
          description: 'Versions of object-bucket that take these inputs',
          type: 'string',
          enum: ['1.0.0'],
          default: '1.0.0',
        },
      },
    });
    expect(inputs).toMatchObject({
      title: 'Inputs',
      required: ['inputs'],
      properties: {
        inputs: {
          title: 'Inputs',
          'ui:label': false,
          type: 'object',
          required: ['environment', 'name', 'tags'],
          properties: {
            environment: { enum: ['dev', 'stage', 'prod'] },
            name: { type: 'string', pattern: expect.any(String) },
            tags: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
      },
    });
    expect(optional).toMatchObject({
      title: 'Optional inputs',
      properties: {
        optionalInputs: {
          properties: {
            versioning: { type: 'boolean', default: true },
            noncurrent_version_expiration_days: { default: 90, minimum: 0 },
          },
        },
      },
    });
    expect(optional.required).toBeUndefined();
    expect(entity.spec?.secrets).toBeUndefined();

    expect(entity.spec?.steps).toEqual([
      {
        id: 'create',
        name: 'Create the TfPilot request',
        action: 'tfpilot:request:create',
        input: {
          module: 'object-bucket',
          version: '${{ parameters.version }}',
          environment: '${{ parameters.environment }}',
          entityRef: '${{ parameters.entityRef }}',
          inputs: {
            environment: '${{ parameters.inputs.environment }}',
            name: '${{ parameters.inputs.name }}',
            tags: '${{ parameters.inputs.tags }}',
            noncurrent_version_expiration_days:
              '${{ parameters.optionalInputs.noncurrent_version_expiration_days }}',
            versioning: '${{ parameters.optionalInputs.versioning }}',
          },
          plan: true,
        },
      },
      {
        id: 'wait',
        name: 'Wait for the plan',
        action: 'tfpilot:request:wait',
        input: {
          requestId: '${{ steps.create.output.requestId }}',
          until: ['awaiting_approval', 'plan_failed', 'rejected'],
          timeoutMinutes: 30,
        },
      },
    ]);
    expect(entity.spec?.output).toEqual({
      links: [
        {
          title: 'Open the request',
          icon: 'dashboard',
          url: '/tfpilot/requests/${{ steps.create.output.requestId }}',
        },
        {
          title: 'Module',
          icon: 'catalog',
          entityRef:
            'component:default/object-bucket-${{ parameters.version }}',
        },
      ],
      text: [
        {
          title: 'Request',
          content: expect.stringContaining('${{ steps.wait.output.status }}'),
        },
      ],
    });
  });

  it('follows the options: no wait step, owned entities, configured environments', () => {
    const entity = entityOf(
      moduleTemplate(
        {
          ...bucket,
          metadata: { ...bucket.metadata, environments: [] },
        },
        ['1.0.0'],
        {
          ...TEMPLATE_OPTIONS,
          waitForPlan: false,
          entityPicker: 'OwnedEntityPicker',
          entityKinds: ['System'],
          environments: ['sandbox', 'live'],
        },
      ),
    );
    const [request] = pagesOf(entity);
    expect(propertyOf(request, 'entityRef')).toMatchObject({
      'ui:field': 'OwnedEntityPicker',
      'ui:options': { catalogFilter: { kind: ['System'] } },
    });
    expect(propertyOf(request, 'environment')?.enum).toEqual([
      'sandbox',
      'live',
    ]);
    expect((entity.spec?.steps as unknown[]).length).toBe(1);
    // Without the wait step there is no status to show.
    expect(entity.spec?.output).not.toHaveProperty('text');
  });

  it('passes sensitive inputs as secrets and validates them in spec.secrets', async () => {
    dir.setContent({
      'variables.tf': `
variable "password" {
  type      = string
  sensitive = true
  validation {
    condition     = length(var.password) >= 16
    error_message = "too short"
  }
}
variable "api-token" {
  type      = string
  sensitive = true
  default   = null
}
`,
    });
    const release = await readModuleRelease(dir.path, origin, {
      name: 'db',
      version: '1.0.0',
      owner: 'group:default/platform',
      lifecycle: 'production',
    });

    const entity = entityOf(
      moduleTemplate(release, ['1.0.0'], TEMPLATE_OPTIONS),
    );

    const [, inputs, optional] = pagesOf(entity);
    expect(propertyOf(inputs, 'inputs', 'password')).toEqual({
      title: 'password',
      type: 'string',
      minLength: 16,
      'ui:field': 'Secret',
    });
    expect(propertyOf(optional, 'optionalInputs', 'api-token')).toMatchObject({
      'ui:field': 'Secret',
    });
    expect(entity.spec?.secrets).toEqual({
      schema: {
        type: 'object',
        properties: {
          password: { title: 'password', type: 'string', minLength: 16 },
          'api-token': { title: 'api-token', type: 'string' },
        },
        required: ['password'],
      },
    });
    const [create] = entity.spec?.steps as Step[];
    expect(create.input.inputs).toEqual({
      password: '${{ secrets.password }}',
      'api-token': '${{ secrets["api-token"] }}',
    });
    expect(JSON.stringify(entity.spec?.steps)).not.toContain(
      'parameters.inputs.password',
    );
  });

  it('gives no template when a required input cannot be collected', async () => {
    dir.setContent({
      'variables.tf': `
variable "values" {
  type      = map(string)
  sensitive = true
}
`,
    });
    const release = await readModuleRelease(dir.path, origin, {
      name: 'vault',
      version: '1.0.0',
      owner: 'group:default/platform',
      lifecycle: 'production',
    });

    expect(moduleTemplate(release, ['1.0.0'], TEMPLATE_OPTIONS)).toEqual({
      problem:
        'a required input cannot be collected by a form (values: sensitive and of type map: a secret field only holds text)',
    });
  });
});

describe('compatibleVersions', () => {
  const release = (version: string, variables: string[][]): ModuleRelease =>
    ({
      metadata: { version },
      inspection: {
        variables: variables.map(([name, kind]) => ({
          name,
          typeSpec: { kind },
          required: true,
          sensitive: false,
        })),
      },
    } as unknown as ModuleRelease);

  it('offers the versions that take the same inputs as the latest', () => {
    const latest = release('2.0.0', [['name', 'string']]);
    expect(
      compatibleVersions(latest, [
        latest,
        release('1.1.0', [['name', 'string']]),
        release('1.0.0', [['name', 'number']]),
        release('0.9.0', [
          ['name', 'string'],
          ['size', 'number'],
        ]),
      ]),
    ).toEqual(['2.0.0', '1.1.0']);
  });
});
