import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  DeferredEntity,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import { SHARED_FIXTURES_DIR } from '@tfpilot/test';
import { join } from 'node:path';
import {
  REPO_MODULES_DIR,
  REPO_TEMPLATES_DIR,
  thirdPartyMetadata,
  urlReaderServing,
} from './__testUtils__/trees';
import { catalogModuleTfpilot } from './module';

const S3_URL =
  'https://github.com/terraform-aws-modules/terraform-aws-s3-bucket/tree/v4.2.0';

// The HCL parser starts in a worker; on a loaded 2-core CI machine that and
// reading every module takes longer than Jest's 5 s default.
jest.setTimeout(60_000);
describe('catalogModuleTfpilot', () => {
  it('adds a provider that publishes local modules, URL sources and presets on schedule', async () => {
    const providers: EntityProvider[] = [];
    const scheduler = mockServices.scheduler();
    const reader = urlReaderServing({
      [S3_URL]: join(SHARED_FIXTURES_DIR, 'modules/terraform-aws-s3-bucket'),
    });

    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addEntityProvider: (...added) => {
              providers.push(...added.flat());
            },
          },
        ],
      ],
      features: [
        catalogModuleTfpilot,
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        reader.factory,
        mockServices.rootConfig.factory({
          data: {
            tfpilot: {
              environments: [{ name: 'dev' }, { name: 'prod' }],
              catalog: {
                modulesDir: REPO_MODULES_DIR,
                templatesDir: REPO_TEMPLATES_DIR,
                sources: [
                  {
                    url: S3_URL,
                    metadata: thirdPartyMetadata('s3-bucket', '4.2.0'),
                  },
                ],
                schedule: {
                  frequency: { minutes: 5 },
                  timeout: { minutes: 2 },
                },
                templates: { waitForPlan: false },
              },
            },
          },
        }),
      ],
    });

    expect(providers.map(p => p.getProviderName())).toEqual([
      'TfpilotModuleProvider',
    ]);
    const applyMutation = jest.fn();
    await providers[0].connect({ applyMutation, refresh: jest.fn() });
    await scheduler.triggerTask('TfpilotModuleProvider:refresh');

    expect(applyMutation).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'full' }),
    );
    const entities: Entity[] = applyMutation.mock.calls[0][0].entities.map(
      (e: DeferredEntity) => e.entity,
    );
    const refs = entities.map(e => `${e.kind}:${e.metadata.name}`);
    expect(refs).toEqual(
      expect.arrayContaining([
        'Component:object-bucket-1.0.0',
        'Template:object-bucket',
        'Component:s3-bucket-4.2.0',
        'Template:s3-bucket',
        'Template:private-artifacts-bucket',
      ]),
    );
    const s3Template = entities.find(
      e => e.kind === 'Template' && e.metadata.name === 's3-bucket',
    );
    // templates.waitForPlan: false leaves the create step alone.
    expect(s3Template?.spec?.steps).toHaveLength(1);
    expect(reader.readTree).toHaveBeenCalledWith(S3_URL, expect.anything());
  });
});
