import {
  createMockDirectory,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { parseRequestRecord } from '@tfpilot/backstage-plugin-tfpilot-common';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { startTfpilotTestBackend } from './__testUtils__/startTfpilotTestBackend';

/** Strings an attacker or a confused client might send. */
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '../../etc/passwd',
    '..%2F..%2F',
    '__proto__',
    'constructor',
    '<script>alert(1)</script>',
    "'; DROP TABLE tfpilot_requests; --",
    '\u0000',
    'a'.repeat(5000),
    'component:default/checkout',
    'dev',
    'object-bucket',
    '1.0.0',
  ),
);

/** Bodies near the valid shape, with any field replaced by anything. */
const nearlyValidBody = fc.record(
  {
    module: fc.oneof(
      fc.record({ name: hostileString, version: hostileString }),
      fc.anything(),
    ),
    environment: fc.oneof(hostileString, fc.anything()),
    inputs: fc.oneof(
      fc.dictionary(hostileString, fc.jsonValue()),
      fc.anything(),
    ),
    entityRef: fc.oneof(hostileString, fc.anything()),
  },
  { requiredKeys: [] },
);

describe('TfPilot API under random and hostile input', () => {
  // Hundreds of HTTP round trips per property; generous on a busy 2-core machine.
  jest.setTimeout(120_000);

  const dir = createMockDirectory();
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startTfpilotTestBackend({ storageDir: dir.path }));
  });

  const storedRequestFiles = () =>
    readdirSync(dir.path, { recursive: true, withFileTypes: true })
      .filter(e => e.isFile() && e.parentPath.includes(`${dir.path}/requests`))
      .map(e => join(e.parentPath, e.name));

  it('answers POST /requests with 201 or 400, never 500, and stores only valid records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nearlyValidBody, fc.anything()), async body => {
        const res = await request(server)
          .post('/api/tfpilot/requests')
          .set('content-type', 'application/json')
          .send(JSON.stringify(body) ?? 'null');
        expect([201, 400]).toContain(res.status);
        // A refusal always says why.
        expect(
          res.status === 201 || typeof res.body.error?.message === 'string',
        ).toBe(true);
      }),
      { numRuns: 150 },
    );
    for (const file of storedRequestFiles()) {
      expect(() =>
        parseRequestRecord(JSON.parse(readFileSync(file, 'utf8'))),
      ).not.toThrow();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never answers 500 to hostile ids, actions and query strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileString,
        fc.constantFrom(
          '',
          '/events',
          '/plan',
          '/approve',
          '/apply',
          '/destroy',
          '/cancel',
          '/promote',
        ),
        fc.dictionary(
          fc.constantFrom(
            'status',
            'environment',
            'cursor',
            'limit',
            'type',
            'since',
            'until',
            'actor',
            'x',
          ),
          hostileString,
        ),
        async (id, action, query) => {
          const path = `/api/tfpilot/requests/${encodeURIComponent(
            id,
          )}${action}`;
          const isAction = action !== '' && action !== '/events';
          const res = isAction
            ? await request(server).post(path).send({})
            : await request(server).get(path);
          expect(res.status).toBeLessThan(500);
          const list = await request(server)
            .get('/api/tfpilot/requests')
            .query(query);
          expect(list.status).toBeLessThan(500);
          const logs = await request(server)
            .get('/api/tfpilot/logs')
            .query(query);
          expect(logs.status).toBeLessThan(500);
        },
      ),
      { numRuns: 100 },
    );
  });
});
