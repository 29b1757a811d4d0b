import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  REPO_MODULES_DIR,
  runImmediately,
  TEMPLATE_OPTIONS,
  urlReaderServing,
} from '../__testUtils__/trees';
import { TfpilotModuleProvider } from './TfpilotModuleProvider';
import { LocalModuleSource, UrlModuleSource } from './sources';

const metadata = (version: string, extra = '') => `
name: object-bucket
version: ${version}
title: Object storage bucket
owner: group:default/platform
lifecycle: production
environments: [dev, stage]
tags: [storage, aws]
${extra}`;

const VARIABLES_V1 = `
variable "name" {
  type        = string
  description = "Bucket name"
}
`;
const VARIABLES_V2 = `${VARIABLES_V1}
variable "versioning" {
  type    = bool
  default = true
}
`;

const names = (entities: DeferredEntity[]) =>
  entities.map(e => `${e.entity.kind}:${e.entity.metadata.name}`);

const byName = (entities: DeferredEntity[], name: string): Entity => {
  const found = entities.find(e => e.entity.metadata.name === name);
  if (!found) throw new Error(`no entity ${name}`);
  return found.entity;
};

// The HCL parser starts in a worker: slow on a loaded 2-core CI machine.
jest.setTimeout(60_000);
describe('TfpilotModuleProvider', () => {
  const dir = createMockDirectory();
  const logger = mockServices.logger.mock();

  const localProvider = (path = dir.path) =>
    new TfpilotModuleProvider({
      sources: [
        new LocalModuleSource({
          dir: { path, configured: true },
          logger,
        }),
      ],
      templates: TEMPLATE_OPTIONS,
      logger,
      taskRunner: runImmediately,
    });

  beforeEach(() => {
    dir.clear();
    jest.clearAllMocks();
  });

  it('publishes one component per module version and a template per module', async () => {
    dir.setContent({
      'object-bucket/tfpilot.yaml': metadata('1.2.0'),
      'object-bucket/variables.tf': VARIABLES_V2,
      'object-bucket/README.md':
        '# Object bucket\n\n[![ci](x)](y)\n\nA private, encrypted bucket\nwith versioning.\n',
      'object-bucket/examples/basic/main.tf': 'module "b" {}',
      'object-bucket/examples/basic/README.md': '# Basic\n\nThe smallest call.',
      'notes/README.md': 'not a module: no tfpilot.yaml',
    });
    const applyMutation = jest.fn();
    await localProvider().connect({
      applyMutation,
      refresh: jest.fn(),
    } as EntityProviderConnection);

    expect(applyMutation).toHaveBeenCalledTimes(1);
    const { type, entities } = applyMutation.mock.calls[0][0];
    expect(type).toBe('full');
    expect(names(entities)).toEqual([
      'Component:object-bucket-1.2.0',
      'Template:object-bucket',
    ]);
    const component = byName(entities, 'object-bucket-1.2.0');
    expect(component).toMatchObject({
      kind: 'Component',
      metadata: {
        title: 'Object storage bucket 1.2.0',
        description: 'A private, encrypted bucket with versioning.',
        tags: ['storage', 'aws'],
        annotations: {
          'tfpilot/module': 'object-bucket',
          'tfpilot/module-version': '1.2.0',
          'tfpilot/latest': 'true',
          'backstage.io/source-location': `file:${dir.resolve(
            'object-bucket',
          )}/`,
          'backstage.io/managed-by-location': `file:${dir.resolve(
            'object-bucket',
          )}`,
        },
      },
      spec: {
        type: 'terraform-module',
        lifecycle: 'production',
        owner: 'group:default/platform',
        tfpilot: {
          module: 'object-bucket',
          version: '1.2.0',
          latest: true,
          versions: ['1.2.0'],
          environments: ['dev', 'stage'],
          template: 'template:default/object-bucket',
          examples: [
            {
              name: 'basic',
              path: 'examples/basic',
              description: 'The smallest call.',
            },
          ],
          inputs: [
            expect.objectContaining({ name: 'name', required: true }),
            expect.objectContaining({ name: 'versioning', default: true }),
          ],
        },
      },
    });
    expect(entities[0].locationKey).toBe(
      `TfpilotModuleProvider:file:${dir.resolve('object-bucket')}`,
    );
  });

  it('skips a broken module with the reason and keeps the others', async () => {
    dir.setContent({
      'good/tfpilot.yaml': metadata('1.0.0'),
      'good/variables.tf': VARIABLES_V1,
      'bad-name/tfpilot.yaml': 'name: Bad Name\nversion: 1\n',
      'bad-name/main.tf': '',
      'bad-hcl/tfpilot.yaml': metadata('1.0.0').replace(
        'object-bucket',
        'bad-hcl',
      ),
      'bad-hcl/main.tf': 'variable "x" {',
      'bad-yaml/tfpilot.yaml': 'name: [unclosed',
      'no-tf/tfpilot.yaml': metadata('1.0.0').replace('object-bucket', 'no-tf'),
    });

    const entities = await localProvider().read();

    expect(names(entities)).toEqual([
      'Component:object-bucket-1.0.0',
      'Template:object-bucket',
    ]);
    const warnings = logger.warn.mock.calls.map(c => String(c[0]));
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Skipped TfPilot module .*bad-name: tfpilot\.yaml: name: lower-case letters/,
        ),
        expect.stringMatching(
          /^Skipped TfPilot module .*bad-hcl: main\.tf:1,14-15: Unclosed configuration block/,
        ),
        expect.stringMatching(
          /^Skipped TfPilot module .*bad-yaml: tfpilot\.yaml: not valid YAML/,
        ),
        expect.stringMatching(
          /^Skipped TfPilot module .*no-tf: no \.tf files in the directory$/,
        ),
      ]),
    );
    expect(warnings).toHaveLength(4);
  });

  it('relates the versions of a module read from several sources', async () => {
    dir.setContent({
      'local/object-bucket/tfpilot.yaml': metadata('2.0.0'),
      'local/object-bucket/variables.tf': VARIABLES_V2,
      'v1.1/tfpilot.yaml': metadata('1.1.0'),
      'v1.1/variables.tf': VARIABLES_V2,
      'v1.0/tfpilot.yaml': metadata('1.0.0'),
      'v1.0/variables.tf': VARIABLES_V1,
      'v3-rc/tfpilot.yaml': metadata('3.0.0-rc.1'),
      'v3-rc/variables.tf': VARIABLES_V2,
    });
    const base = 'https://github.com/acme/modules/tree';
    const reader = urlReaderServing({
      [`${base}/v1.1.0/object-bucket`]: dir.resolve('v1.1'),
      [`${base}/v1.0.0/object-bucket`]: dir.resolve('v1.0'),
      [`${base}/v3.0.0-rc.1/object-bucket`]: dir.resolve('v3-rc'),
    });
    const provider = new TfpilotModuleProvider({
      sources: [
        new LocalModuleSource({
          dir: { path: dir.resolve('local'), configured: true },
          url: 'https://github.com/acme/platform/tree/main/modules',
          logger,
        }),
        ...['v1.1.0', 'v1.0.0', 'v3.0.0-rc.1'].map(
          tag =>
            new UrlModuleSource({
              source: { url: `${base}/${tag}/object-bucket`, metadata: {} },
              reader,
              logger,
            }),
        ),
      ],
      templates: TEMPLATE_OPTIONS,
      logger,
      taskRunner: runImmediately,
    });

    const entities = await provider.read();

    expect(names(entities)).toEqual([
      'Component:object-bucket-3.0.0-rc.1',
      'Component:object-bucket-2.0.0',
      'Component:object-bucket-1.1.0',
      'Component:object-bucket-1.0.0',
      'Template:object-bucket',
    ]);
    const latest = byName(entities, 'object-bucket-2.0.0');
    expect(latest.metadata.annotations).toMatchObject({
      'tfpilot/latest': 'true',
      'backstage.io/source-location':
        'url:https://github.com/acme/platform/tree/main/modules/object-bucket/',
    });
    expect(latest.metadata.links).toEqual([
      {
        url: 'https://github.com/acme/platform/tree/main/modules/object-bucket',
        title: 'Module source',
      },
    ]);
    expect(latest.spec?.tfpilot).toMatchObject({
      latest: true,
      versions: ['3.0.0-rc.1', '2.0.0', '1.1.0', '1.0.0'],
      template: 'template:default/object-bucket',
    });
    // A pre-release is not the latest; 1.0.0 takes other inputs than 2.0.0.
    const rc = byName(entities, 'object-bucket-3.0.0-rc.1');
    expect(rc.metadata.annotations?.['tfpilot/latest']).toBeUndefined();
    expect(rc.spec?.tfpilot).toMatchObject({ latest: false });
    const old = byName(entities, 'object-bucket-1.0.0');
    expect(old.spec?.tfpilot).not.toHaveProperty('template');
    expect(old.metadata.annotations).toMatchObject({
      'backstage.io/source-location': `url:${base}/v1.0.0/object-bucket/`,
      'backstage.io/managed-by-location': `url:${base}/v1.0.0/object-bucket`,
    });
    const template = byName(entities, 'object-bucket');
    const [request] = template.spec?.parameters as Array<{
      properties: { version: { enum: string[]; default: string } };
    }>;
    expect(request.properties.version).toMatchObject({
      enum: ['3.0.0-rc.1', '2.0.0', '1.1.0'],
      default: '3.0.0-rc.1',
    });
  });

  it('keeps the first of two sources publishing the same version', async () => {
    dir.setContent({
      'a/object-bucket/tfpilot.yaml': metadata('1.0.0'),
      'a/object-bucket/variables.tf': VARIABLES_V1,
      'b/object-bucket/tfpilot.yaml': metadata('1.0.0'),
      'b/object-bucket/variables.tf': VARIABLES_V2,
    });
    const provider = new TfpilotModuleProvider({
      sources: ['a', 'b'].map(
        folder =>
          new LocalModuleSource({
            dir: { path: dir.resolve(folder), configured: true },
            logger,
          }),
      ),
      templates: { ...TEMPLATE_OPTIONS, enabled: false },
      logger,
      taskRunner: runImmediately,
    });

    const entities = await provider.read();

    expect(names(entities)).toEqual(['Component:object-bucket-1.0.0']);
    expect(entities[0].entity.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': `file:${dir.resolve(
        'a/object-bucket',
      )}`,
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /b\/object-bucket: object-bucket 1\.0\.0 is already published from .*a\/object-bucket$/,
      ),
    );
  });

  it('skips a version whose entity name would be too long', async () => {
    const long = `m${'o'.repeat(55)}`;
    dir.setContent({
      [`${long}/tfpilot.yaml`]: metadata('10.20.30').replace(
        'object-bucket',
        long,
      ),
      [`${long}/variables.tf`]: VARIABLES_V1,
    });

    const entities = await localProvider().read();

    expect(names(entities)).toEqual([`Template:${long}`]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('is not a valid entity name'),
    );
  });

  it('publishes nothing, quietly, when the default modules directory is absent', async () => {
    const provider = new TfpilotModuleProvider({
      sources: [
        new LocalModuleSource({
          dir: { path: dir.resolve('missing'), configured: false },
          logger,
        }),
      ],
      templates: TEMPLATE_OPTIONS,
      logger,
      taskRunner: runImmediately,
    });

    expect(await provider.read()).toEqual([]);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('publishes the modules of the repository', async () => {
    const entities = await localProvider(REPO_MODULES_DIR).read();

    expect(logger.warn).not.toHaveBeenCalled();
    expect(names(entities)).toEqual(
      expect.arrayContaining([
        'Component:object-bucket-1.0.0',
        'Template:object-bucket',
      ]),
    );
    const bucket = byName(entities, 'object-bucket-1.0.0');
    expect(bucket.spec?.tfpilot).toMatchObject({
      environments: ['dev', 'stage', 'prod'],
      requiredVersion: '>= 1.6.0',
      providers: [
        {
          name: 'aws',
          source: 'hashicorp/aws',
          versionConstraint: '>= 5.0, < 7.0',
        },
      ],
      outputs: expect.arrayContaining([
        {
          name: 'bucket_arn',
          description: 'ARN of the bucket, for IAM policies.',
          sensitive: false,
        },
      ]),
    });
  });

  describe('connect', () => {
    it('schedules the refresh and replaces the entities on each run', async () => {
      dir.setContent({
        'object-bucket/tfpilot.yaml': metadata('1.0.0'),
        'object-bucket/variables.tf': VARIABLES_V1,
      });
      const scheduler = mockServices.scheduler();
      const provider = new TfpilotModuleProvider({
        sources: [
          new LocalModuleSource({
            dir: { path: dir.path, configured: true },
            logger,
          }),
        ],
        templates: TEMPLATE_OPTIONS,
        logger,
        taskRunner: scheduler.createScheduledTaskRunner({
          frequency: { minutes: 30 },
          timeout: { minutes: 10 },
        }),
      });
      const applyMutation = jest.fn();

      await provider.connect({ applyMutation, refresh: jest.fn() });
      expect(await scheduler.getScheduledTasks()).toEqual([
        expect.objectContaining({ id: 'TfpilotModuleProvider:refresh' }),
      ]);
      expect(applyMutation).not.toHaveBeenCalled();

      await scheduler.triggerTask('TfpilotModuleProvider:refresh');
      dir.addContent({
        'object-bucket/tfpilot.yaml': metadata('1.1.0'),
      });
      await scheduler.triggerTask('TfpilotModuleProvider:refresh');

      expect(applyMutation).toHaveBeenCalledTimes(2);
      expect(applyMutation.mock.calls.map(c => c[0].type)).toEqual([
        'full',
        'full',
      ]);
      expect(names(applyMutation.mock.calls[1][0].entities)).toEqual([
        'Component:object-bucket-1.1.0',
        'Template:object-bucket',
      ]);
    });

    it('refuses to refresh before it is connected', async () => {
      await expect(localProvider().refresh()).rejects.toThrow(
        'TfpilotModuleProvider is not connected',
      );
    });
  });
});
