import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogModuleTfpilot from '@tfpilot/backstage-plugin-catalog-backend-module-tfpilot';
import tfpilotBackend from '@tfpilot/backstage-plugin-tfpilot-backend';
import { TFPILOT_MODULE_ENTITY_TYPE } from '@tfpilot/backstage-plugin-tfpilot-common';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { createTestDatabases } from './databases';

const modulesDir = resolve(__dirname, '../../modules');
/** One entity per module version: every folder of modules/ holds one version. */
const moduleCount = readdirSync(modulesDir, { withFileTypes: true }).filter(
  entry => existsSync(resolve(modulesDir, entry.name, 'tfpilot.yaml')),
).length;
const databases = createTestDatabases();

/** Polls until the catalog has processed the provider's entities. */
async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 500));
  }
}

describe.each(databases.eachSupportedId())('TfPilot backend on %s', id => {
  jest.setTimeout(120_000);

  it('boots with the catalog, serves health and publishes the platform modules', async () => {
    const knex = await databases.init(id);
    const backend = await startTestBackend({
      features: [
        tfpilotBackend,
        catalogBackend,
        catalogModuleTfpilot,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            tfpilot: { catalog: { modulesDir } },
            catalog: { processingInterval: { seconds: 1 } },
          },
        }),
      ],
    });

    const { server } = backend;
    try {
      const health = await request(server).get('/api/tfpilot/health');
      expect(health.body).toEqual({ status: 'ok' });

      const modules = await waitFor(async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-query')
          .query({ filter: `spec.type=${TFPILOT_MODULE_ENTITY_TYPE}` });
        const items = res.body.items as Array<{ metadata: { name: string } }>;
        // The catalog stitches entities one by one: wait for every module.
        return items?.length === moduleCount ? items : undefined;
      });
      expect(modules.map(e => e.metadata.name)).toContain(
        'object-bucket-1.0.0',
      );

      // The catalog's tables live in the database under test.
      const { count } = (await knex('final_entities')
        .count({ count: '*' })
        .first()) as { count: string | number };
      expect(Number(count)).toBeGreaterThan(0);
    } finally {
      await backend.stop();
    }
  });
});
