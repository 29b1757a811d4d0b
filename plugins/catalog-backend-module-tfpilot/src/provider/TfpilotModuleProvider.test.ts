import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { SchedulerServiceTaskRunner } from '@backstage/backend-plugin-api';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { TfpilotModuleProvider } from './TfpilotModuleProvider';

const validMetadata = `
name: object-bucket
version: 1.2.0
title: Object storage bucket
owner: group:default/platform
lifecycle: production
environments: [dev, stage, prod]
tags: [storage, aws]
`;

describe('TfpilotModuleProvider', () => {
  const dir = createMockDirectory();
  const logger = mockServices.logger.mock();
  const runImmediately: SchedulerServiceTaskRunner = {
    run: async task => {
      await task.fn(new AbortController().signal);
    },
  };

  beforeEach(() => {
    dir.clear();
    jest.clearAllMocks();
  });

  it('publishes each module folder as a terraform-module component', async () => {
    dir.setContent({
      'object-bucket/tfpilot.yaml': validMetadata,
      'object-bucket/README.md':
        '# Object bucket\n\n[![ci](x)](y)\n\nA private, encrypted bucket\nwith versioning.\n\n## Inputs\n',
      'notes/README.md': 'not a module: no tfpilot.yaml',
    });
    const applyMutation = jest.fn();
    const provider = new TfpilotModuleProvider({
      modulesDir: dir.path,
      logger,
      taskRunner: runImmediately,
    });

    await provider.connect({
      applyMutation,
    } as unknown as EntityProviderConnection);

    expect(applyMutation).toHaveBeenCalledTimes(1);
    const { type, entities } = applyMutation.mock.calls[0][0];
    expect(type).toBe('full');
    expect(entities).toHaveLength(1);
    expect(entities[0].entity).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'object-bucket',
        title: 'Object storage bucket',
        description: 'A private, encrypted bucket with versioning.',
        tags: ['storage', 'aws'],
        annotations: {
          'tfpilot/module': 'object-bucket',
          'tfpilot/module-version': '1.2.0',
        },
      },
      spec: {
        type: 'terraform-module',
        lifecycle: 'production',
        owner: 'group:default/platform',
      },
    });
  });

  it('skips a broken module with the reason and keeps the others', async () => {
    dir.setContent({
      'good/tfpilot.yaml': validMetadata,
      'bad/tfpilot.yaml': 'name: Bad Name\nversion: 1\n',
    });
    const provider = new TfpilotModuleProvider({
      modulesDir: dir.path,
      logger,
      taskRunner: runImmediately,
    });

    const entities = await provider.read();

    expect(entities.map(e => e.entity.metadata.name)).toEqual([
      'object-bucket',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/bad\/tfpilot\.yaml: name: lower-case letters/),
    );
  });
});
