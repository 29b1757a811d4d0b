import { ConfigReader } from '@backstage/config';
import { readCatalogOptions } from './config';

describe('readCatalogOptions', () => {
  it('has defaults for everything', () => {
    expect(readCatalogOptions(new ConfigReader({}))).toEqual({
      modulesDir: { path: 'modules', configured: false },
      modulesUrl: undefined,
      templatesDir: { path: 'templates', configured: false },
      sources: [],
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
      templates: {
        enabled: true,
        waitForPlan: true,
        waitTimeoutMinutes: 30,
        entityPicker: 'EntityPicker',
        entityKinds: ['Component', 'System'],
        environments: ['dev', 'stage', 'prod'],
      },
    });
  });

  it('reads every key', () => {
    const options = readCatalogOptions(
      new ConfigReader({
        tfpilot: {
          environments: [{ name: 'test' }, { name: 'live', production: true }],
          catalog: {
            modulesDir: '../../modules',
            modulesUrl: 'https://github.com/acme/platform/tree/main/modules',
            templatesDir: '../../templates',
            sources: [
              { url: 'https://github.com/acme/modules/tree/v1.0.0/modules' },
              {
                url: 'https://github.com/terraform-aws-modules/terraform-aws-rds/tree/v6.10.0',
                metadata: { name: 'rds', version: '6.10.0', tags: ['aws'] },
              },
            ],
            schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
            templates: {
              enabled: false,
              waitForPlan: false,
              waitTimeoutMinutes: 5,
              entityPicker: 'OwnedEntityPicker',
              entityKinds: ['Component'],
            },
          },
        },
      }),
    );
    expect(options).toEqual({
      modulesDir: { path: '../../modules', configured: true },
      modulesUrl: 'https://github.com/acme/platform/tree/main/modules',
      templatesDir: { path: '../../templates', configured: true },
      sources: [
        {
          url: 'https://github.com/acme/modules/tree/v1.0.0/modules',
          metadata: {},
        },
        {
          url: 'https://github.com/terraform-aws-modules/terraform-aws-rds/tree/v6.10.0',
          metadata: { name: 'rds', version: '6.10.0', tags: ['aws'] },
        },
      ],
      schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
      templates: {
        enabled: false,
        waitForPlan: false,
        waitTimeoutMinutes: 5,
        entityPicker: 'OwnedEntityPicker',
        entityKinds: ['Component'],
        environments: ['test', 'live'],
      },
    });
  });

  it.each([
    [
      { entityPicker: 'MyPicker' },
      /entityPicker must be one of EntityPicker, OwnedEntityPicker/,
    ],
    [{ waitTimeoutMinutes: 0 }, /waitTimeoutMinutes must be more than 0/],
    [{ waitTimeoutMinutes: 1441 }, /at most 1440/],
  ])('refuses %j', (templates, message) => {
    expect(() =>
      readCatalogOptions(
        new ConfigReader({ tfpilot: { catalog: { templates } } }),
      ),
    ).toThrow(message);
  });

  it('requires a url for each source', () => {
    expect(() =>
      readCatalogOptions(
        new ConfigReader({ tfpilot: { catalog: { sources: [{}] } } }),
      ),
    ).toThrow(/url/);
  });
});
