import { loadConfig, loadConfigSchema } from '@backstage/config-loader';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { PolicyEngine } from '@tfpilot/backstage-plugin-tfpilot-node';
import { resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../..');

/** Loads app-config files the way the backend does, with the given environment. */
async function load(files: string[], env: Record<string, string>) {
  const schema = await loadConfigSchema({ dependencies: ['backend', 'app'] });
  const { appConfigs } = await loadConfig({
    configRoot: repoRoot,
    configTargets: files.map(path => ({ path: resolve(repoRoot, path) })),
    experimentalEnvFunc: async (name: string) => env[name],
  });
  return { schema, appConfigs };
}

type Merged = {
  backend: { database: { client: string; connection: { host?: string } } };
  auth: { providers: Record<string, unknown> };
  tfpilot: {
    storage: { type: string; s3?: { bucket: string } };
    executor: { type: string };
  };
};

const merge = (configs: { data: object }[]): Merged =>
  configs.reduce<Merged>(
    (acc, c) => deepMerge(acc, c.data) as Merged,
    {} as Merged,
  );

function deepMerge(a: object, b: object): object {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const prev = out[key];
    out[key] =
      prev &&
      typeof prev === 'object' &&
      !Array.isArray(prev) &&
      value &&
      typeof value === 'object' &&
      !Array.isArray(value)
        ? deepMerge(prev, value)
        : value;
  }
  return out;
}

describe('app-config', () => {
  jest.setTimeout(180_000);

  it('validates the embedded default against every plugin schema', async () => {
    const { schema, appConfigs } = await load(['app-config.yaml'], {});
    const merged = merge(schema.process(appConfigs));

    expect(merged.backend.database.client).toBe('better-sqlite3');
    expect(merged.tfpilot.storage.type).toBe('local');
    expect(merged.tfpilot.executor.type).toBe('local');
    expect(merged.auth.providers.guest).toBeDefined();
    // The governance rules load as the backend loads them, and follow the
    // platform modules' conventions.
    const policies = PolicyEngine.fromConfig(
      new ConfigReader(merged as unknown as JsonObject),
    );
    expect(policies.listRules().map(r => r.id)).toEqual([
      'resource-names',
      'required-tags',
      'protected-data',
      'prod-budget',
      'sandbox-budget',
    ]);
  });

  it('validates production settings: PostgreSQL and S3 from the environment', async () => {
    const env = {
      POSTGRES_HOST: 'db.internal',
      POSTGRES_PORT: '5432',
      POSTGRES_USER: 'backstage',
      POSTGRES_PASSWORD: 'secret',
      TFPILOT_S3_BUCKET: 'tfpilot-records',
      TFPILOT_S3_REGION: 'eu-west-1',
      BACKEND_SECRET: 'x'.repeat(32),
    };
    const { schema, appConfigs } = await load(
      ['app-config.yaml', 'app-config.production.yaml'],
      env,
    );
    const merged = merge(schema.process(appConfigs));

    expect(merged.backend.database.client).toBe('pg');
    expect(merged.backend.database.connection.host).toBe('db.internal');
    expect(merged.tfpilot.storage).toMatchObject({
      type: 's3',
      s3: { bucket: 'tfpilot-records' },
    });
  });

  it('rejects a setting of the wrong type, naming it', async () => {
    const { schema } = await load(['app-config.yaml'], {});
    expect(() =>
      schema.process([
        { context: 'test', data: { tfpilot: { storage: { type: 'ftp' } } } },
      ]),
    ).toThrow(/tfpilot\/storage\/type/);
  });
});
