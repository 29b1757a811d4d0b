import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  TemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleTfpilot } from './module';

describe('scaffolderModuleTfpilot', () => {
  it('adds the tfpilot:* actions to the scaffolder, each with dry-run support and examples', async () => {
    const added: TemplateAction[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...actions: TemplateAction[]) =>
              added.push(...actions),
          },
        ],
      ],
      features: [
        scaffolderModuleTfpilot,
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://portal.test' } },
        }),
      ],
    });

    expect(added.map(a => a.id)).toEqual([
      'tfpilot:request:create',
      'tfpilot:request:wait',
      'tfpilot:request:promote',
    ]);
    for (const action of added) {
      expect(action.supportsDryRun).toBe(true);
      expect(action.examples?.length).toBeGreaterThan(0);
      expect(action.schema?.input).toMatchObject({ type: 'object' });
      expect(action.schema?.output).toMatchObject({ type: 'object' });
    }
  });

  it('needs app.baseUrl to link request pages', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [scaffolderActionsExtensionPoint, { addActions: () => {} }],
        ],
        features: [
          scaffolderModuleTfpilot,
          mockServices.rootConfig.factory({ data: {} }),
        ],
      }),
    ).rejects.toThrow(/app\.baseUrl/);
  });
});
