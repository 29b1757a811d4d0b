import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EVENT_TYPES,
  REQUEST_ID_PATTERN,
  REQUEST_STATES,
  RUN_ID_PATTERN,
  createRequestBodySchema,
  lifecycleEventSchema,
  moduleRefSchema,
  requestRecordSchema,
  runSchema,
  tfpilotPermissions,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { RequestIndex } from '../database/RequestIndex';
import { createRouter } from '../router';
import { DriftService } from '../services/drift/DriftService';
import { MetricsService } from '../services/MetricsService';
import { RequestService } from '../services/RequestService';
import { FakeExecutor } from '../__testUtils__/FakeExecutor';
import { startTfpilotTestBackend } from '../__testUtils__/startTfpilotTestBackend';

type JsonObject = Record<string, unknown>;

const doc: unknown = parseYaml(
  readFileSync(join(__dirname, 'openapi.yaml'), 'utf8'),
);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown, what: string): JsonObject {
  if (!isObject(value)) throw new Error(`${what} is not an object`);
  return value;
}

const root = asObject(doc, 'the document');

/** The value a local `$ref` such as `#/components/schemas/Request` points at. */
function resolveRef(ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`${ref} is not a local ref`);
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) || !(key in node)) {
      throw new Error(`${ref} does not resolve (no ${key})`);
    }
    node = node[key];
  }
  return node;
}

/** Follows `$ref`s until reaching an object that is not one. */
function deref(value: unknown): JsonObject {
  let node = asObject(value, 'a node');
  for (let hops = 0; typeof node.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`ref cycle at ${node.$ref}`);
    node = asObject(resolveRef(node.$ref), node.$ref);
  }
  return node;
}

const schemaNamed = (name: string) =>
  deref(resolveRef(`#/components/schemas/${name}`));

function propertiesOf(schema: JsonObject): JsonObject {
  return asObject(schema.properties, 'properties');
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];

interface Operation {
  method: string;
  path: string;
  op: JsonObject;
  key: string;
}

const operations: Operation[] = Object.entries(
  asObject(root.paths, 'paths'),
).flatMap(([path, item]) =>
  Object.entries(asObject(item, path))
    .filter(([method]) => HTTP_METHODS.includes(method))
    .map(([method, op]) => ({
      method,
      path,
      op: asObject(op, `${method} ${path}`),
      key: `${method.toUpperCase()} ${path}`,
    })),
);

function findOperation(method: string, path: string): Operation {
  const found = operations.find(o => o.method === method && o.path === path);
  if (!found) throw new Error(`${method} ${path} is not documented`);
  return found;
}

const responsesOf = (op: JsonObject) => asObject(op.responses, 'responses');

/** Every `$ref` in the document with where it was found. */
function collectRefs(node: unknown, at: string): { at: string; ref: string }[] {
  if (Array.isArray(node)) {
    return node.flatMap((item, i) => collectRefs(item, `${at}/${i}`));
  }
  if (!isObject(node)) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string'
      ? [{ at, ref: value }]
      : collectRefs(value, `${at}/${key}`),
  );
}

/** Property names of a zod object, and those that may not be left out. */
function zodKeys(shape: Record<string, z.ZodType>) {
  const properties = Object.keys(shape).sort();
  const required = properties.filter(
    key => !shape[key].safeParse(undefined).success,
  );
  return { properties, required };
}

function documentedKeys(schema: JsonObject) {
  const required = Array.isArray(schema.required)
    ? schema.required.map(String)
    : [];
  return {
    properties: Object.keys(propertiesOf(schema)).sort(),
    required: [...required].sort(),
  };
}

const enumOf = (schema: unknown) => deref(schema).enum;

describe('openapi.yaml', () => {
  it('is an OpenAPI 3.1.0 document for the plugin base path', () => {
    expect(root.openapi).toBe('3.1.0');
    expect(root.info).toMatchObject({ title: 'TfPilot', version: '0.1.0' });
    expect(root.servers).toEqual([
      expect.objectContaining({ url: '/api/tfpilot' }),
    ]);
    expect(root.security).toEqual([{ backstageToken: [] }]);
    expect(
      deref(resolveRef('#/components/securitySchemes/backstageToken')),
    ).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents exactly the routes createRouter registers', async () => {
    const getPermissionRuleset = () => ({
      getRuleByName: (name: string) => {
        throw new Error(`no rule ${name} in this test`);
      },
    });
    const router = await createRouter({
      auditor: mockServices.auditor.mock(),
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      permissionsRegistry: mockServices.permissionsRegistry.mock({
        getPermissionRuleset:
          getPermissionRuleset as unknown as PermissionsRegistryService['getPermissionRuleset'],
      }),
      requests: {} as unknown as RequestService,
      index: {} as unknown as RequestIndex,
      metrics: {} as unknown as MetricsService,
      drift: {} as unknown as DriftService,
    });

    const registered = router.stack.flatMap(layer => {
      const route = layer.route;
      if (!route) return [];
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      return [...new Set(route.stack.map(l => l.method))].map(
        method => `${method.toUpperCase()} ${path}`,
      );
    });

    expect(registered.length).toBeGreaterThan(10);
    expect(new Set(registered).size).toBe(registered.length);
    expect(operations.map(o => o.key).sort()).toEqual(registered.sort());
  });

  it('resolves every $ref inside the document', () => {
    const refs = collectRefs(root, '#');
    const broken = refs.filter(({ ref }) => {
      try {
        resolveRef(ref);
        return false;
      } catch {
        return true;
      }
    });

    expect(refs.length).toBeGreaterThan(50);
    expect(broken).toEqual([]);
  });

  it('has the schemas the API answers with', () => {
    const names = Object.keys(
      asObject(asObject(root.components, 'components').schemas, 'schemas'),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'Request',
        'Run',
        'LifecycleEvent',
        'CreateRequestBody',
        'TransitionBody',
        'PromoteBody',
        'RequestPage',
        'EventPage',
        'Metrics',
        'MetricsFigures',
        'Health',
        'Error',
      ]),
    );
  });

  it.each([
    ['Request', requestRecordSchema.shape],
    ['CreateRequestBody', createRequestBodySchema.shape],
    ['Run', runSchema.shape],
    ['LifecycleEvent', lifecycleEventSchema.shape],
    ['ModuleRef', moduleRefSchema.shape],
  ])('describes %s with the fields of its zod schema', (name, shape) => {
    const schema = schemaNamed(name);

    expect(documentedKeys(schema)).toEqual(zodKeys(shape));
    // The zod schemas are strict objects: unknown fields are refused.
    expect(schema.additionalProperties).toBe(false);
  });

  it('lists the lifecycle states and event types of the common package', () => {
    const requestProps = propertiesOf(schemaNamed('Request'));
    const eventProps = propertiesOf(schemaNamed('LifecycleEvent'));
    const runProps = propertiesOf(schemaNamed('Run'));

    expect(enumOf(requestProps.status)).toEqual([...REQUEST_STATES]);
    expect(enumOf(eventProps.type)).toEqual([...EVENT_TYPES]);
    expect(enumOf(eventProps.to)).toEqual([...REQUEST_STATES]);
    expect(enumOf(runProps.operation)).toEqual(
      runSchema.shape.operation.options,
    );
    expect(enumOf(runProps.status)).toEqual(runSchema.shape.status.options);
  });

  it('uses the id patterns of the common package', () => {
    expect(schemaNamed('RequestId').pattern).toBe(REQUEST_ID_PATTERN.source);
    expect(schemaNamed('RunId').pattern).toBe(RUN_ID_PATTERN.source);
  });

  it('documents the error answers each route can give', () => {
    const missing = operations.flatMap(({ method, path, op, key }) => {
      const expected: string[] = [];
      if (path !== '/health') expected.push('400', '401');
      if (path.startsWith('/webhooks/')) expected.push('404');
      if (op['x-tfpilot-permission-kind'] === 'basic') expected.push('403');
      if (path.startsWith('/requests/{id}')) expected.push('403', '404');
      if (method === 'post' && /^\/requests\/\{id\}\/\w+$/.test(path)) {
        expected.push('409');
      }
      const documented = responsesOf(op);
      return expected.filter(s => !(s in documented)).map(s => `${key} ${s}`);
    });

    expect(missing).toEqual([]);
    expect(
      operations.filter(o => o.path.startsWith('/requests/{id}/')).length,
    ).toBeGreaterThan(6);
  });

  it('answers every error with the Backstage error body', () => {
    const notError = operations.flatMap(({ op, key }) =>
      Object.entries(responsesOf(op))
        .filter(([status]) => Number(status) >= 400)
        .filter(([, response]) => {
          const content = asObject(deref(response).content, 'content');
          const schema = asObject(content['application/json'], 'json').schema;
          return deref(schema) !== schemaNamed('Error');
        })
        .map(([status]) => `${key} ${status}`),
    );

    expect(notError).toEqual([]);
    const error = schemaNamed('Error');
    expect(error.required).toEqual(['error', 'response']);
    expect(documentedKeys(deref(propertiesOf(error).error)).required).toEqual([
      'message',
      'name',
    ]);
    expect(
      documentedKeys(deref(propertiesOf(error).response)).required,
    ).toEqual(['statusCode']);
  });

  it('names a TfPilot permission on every route but the unauthenticated ones', () => {
    const names = tfpilotPermissions.map(p => p.name);
    const described = operations.map(({ op, key }) => ({
      key,
      permission: op['x-tfpilot-permission'],
      security: op.security,
    }));
    const unauthenticated = ['GET /health', 'POST /webhooks/{executor}'];

    expect(described.filter(d => unauthenticated.includes(d.key))).toEqual(
      unauthenticated.map(key => ({
        key,
        permission: undefined,
        security: [],
      })),
    );
    expect(
      described
        .filter(d => !unauthenticated.includes(d.key))
        .filter(
          d =>
            typeof d.permission !== 'string' || !names.includes(d.permission),
        ),
    ).toEqual([]);
  });

  it('describes the paging and list parameters', () => {
    expect(deref(resolveRef('#/components/parameters/Limit'))).toMatchObject({
      in: 'query',
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    });
    const listParams = (method: string, path: string) =>
      (findOperation(method, path).op.parameters as unknown[]).map(deref);
    const commaSeparated = [
      ...listParams('get', '/requests'),
      ...listParams('get', '/logs'),
    ]
      .filter(p => deref(p.schema).type === 'array')
      .map(p => ({ name: p.name, style: p.style, explode: p.explode }));

    expect(commaSeparated.map(p => p.name)).toEqual([
      'status',
      'environment',
      'module',
      'owner',
      'entityRef',
      'type',
    ]);
    expect(
      commaSeparated.filter(p => p.style !== 'form' || p.explode !== false),
    ).toEqual([]);
    expect(
      listParams('get', '/requests/{id}/events')
        .map(p => p.name)
        .sort(),
    ).toEqual(['cursor', 'limit']);
  });
});

/**
 * Drives the real plugin through every route and checks each answer against
 * what the document says about that route and status code.
 */
describe('openapi.yaml against the running plugin', () => {
  const DOC_ID = 'https://tfpilot.invalid/openapi.json';
  const DATE_TIME =
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;
  const ajv = new Ajv2020({
    strict: true,
    allowUnionTypes: true,
    allErrors: true,
    formats: {
      'date-time': (value: string) =>
        DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
    },
  });
  ajv.addKeyword('components');
  ajv.addSchema({ $id: DOC_ID, components: root.components });

  const dir = createMockDirectory();
  const body = {
    module: { name: 'object-bucket', version: '1.0.0' },
    environment: 'dev',
    inputs: { name: 'checkout-artifacts', tags: { team: 'a' } },
    entityRef: 'component:default/checkout',
  };

  it('answers every documented route with documented statuses and bodies', async () => {
    const asked: string[] = [];
    const denied = new Set<string>();
    const decide = async <T extends { permission: { name: string } }>(
      requests: T[],
    ) =>
      requests.map(r => {
        asked.push(r.permission.name);
        return {
          result: denied.has(r.permission.name)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        } as const;
      });
    const permissions = mockServices.permissions.mock({
      authorize: decide,
      authorizeConditional: decide,
    });
    const { backend, executor } = await startTfpilotTestBackend({
      storageDir: dir.path,
      features: [permissions.factory],
    });

    const seen = new Set<string>();
    const problems: string[] = [];

    async function call(
      method: 'get' | 'post',
      path: string,
      options: {
        id?: string;
        executor?: string;
        query?: Record<string, string | number>;
        headers?: Record<string, string>;
        send?: object | string;
        /** Authorization header; null for none. */
        auth?: string | null;
      } = {},
    ) {
      const url = `/api/tfpilot${path
        .replace('{id}', options.id ?? '')
        .replace('{executor}', options.executor ?? '')}`;
      asked.length = 0;
      let req = request(backend.server)[method](url);
      if (options.auth !== null) {
        req = req.set(
          'Authorization',
          options.auth ?? mockCredentials.user.header('user:default/jane'),
        );
      }
      if (options.query) req = req.query(options.query);
      for (const [name, value] of Object.entries(options.headers ?? {})) {
        req = req.set(name, value);
      }
      if (typeof options.send === 'string') {
        req = req.set('content-type', 'application/json').send(options.send);
      } else if (options.send) {
        req = req.send(options.send);
      }
      const res = await req;
      const { op, key } = findOperation(method, path);
      const status = String(res.status);
      seen.add(`${key} ${status}`);
      const response = responsesOf(op)[status];
      if (!response) {
        problems.push(`${key} answered undocumented ${status}`);
        return res;
      }
      const content = asObject(deref(response).content, 'content');
      const ref = deref(asObject(content['application/json'], 'json')).schema;
      const schemaRef = asObject(ref, 'schema').$ref;
      const validate = ajv.getSchema(`${DOC_ID}${String(schemaRef)}`);
      if (!validate) throw new Error(`cannot compile ${String(schemaRef)}`);
      if (!validate(res.body)) {
        problems.push(
          `${key} ${status}: ${ajv.errorsText(
            validate.errors,
          )} in ${JSON.stringify(res.body)}`,
        );
      }
      const permission = op['x-tfpilot-permission'];
      const expectedAsks = typeof permission === 'string' ? [permission] : [];
      if (res.status < 300 && asked.join() !== expectedAsks.join()) {
        problems.push(
          `${key} asked for [${asked}], documents [${expectedAsks}]`,
        );
      }
      return res;
    }

    await call('get', '/health', { auth: null });

    const created = await call('post', '/requests', { send: body });
    const id: string = created.body.id;
    await call('post', '/requests', {
      send: { ...body, module: { name: 'Bad', version: 'x' }, extra: 1 },
    });
    await call('post', '/requests', { send: '{"module":' });
    await call('post', '/requests', {
      send: body,
      auth: mockCredentials.user.invalidHeader(),
    });
    const other = await call('post', '/requests', {
      send: { ...body, templateRef: 'template:default/bucket' },
    });

    await call('get', '/requests', { query: { limit: 1 } });
    await call('get', '/requests', {
      query: { status: 'submitted,planned', environment: 'dev' },
    });
    await call('get', '/requests', { query: { status: 'nope' } });
    await call('get', '/requests', { query: { limit: 500 } });

    await call('get', '/requests/{id}', { id });
    await call('get', '/requests/{id}', { id: '01jzzzzzzzzzzzzzzzzzzzzzzz' });
    await call('get', '/requests/{id}/events', { id, query: { limit: 1 } });
    await call('get', '/requests/{id}/events', { id, query: { extra: 1 } });
    await call('get', '/requests/{id}/events', { id: 'not-an-id' });

    await call('post', '/requests/{id}/approve', { id });
    await call('post', '/requests/{id}/plan', { id, send: { bogus: true } });
    await call('post', '/requests/{id}/plan', { id });
    await executor.lastRun().finish('succeeded');
    await call('post', '/requests/{id}/approve', {
      id,
      send: { expectedRevision: 1 },
    });
    await call('post', '/requests/{id}/approve', {
      id,
      send: { expectedRevision: 4, comment: 'looks fine' },
    });
    await call('post', '/requests/{id}/apply', { id });
    await executor.lastRun().finish('succeeded');

    await call('post', '/requests/{id}/promote', {
      id,
      send: { environment: 'dev' },
    });
    await call('post', '/requests/{id}/promote', {
      id: other.body.id,
      send: { environment: 'stage' },
    });
    await call('post', '/requests/{id}/promote', {
      id,
      send: { environment: 'stage' },
    });
    await call('post', '/requests/{id}/cancel', {
      id: other.body.id,
      send: { comment: 'not needed after all' },
    });
    await call('post', '/requests/{id}/cancel', { id: other.body.id });
    await call('post', '/drift/check', { send: { requestId: id } });
    await executor.lastRun().finish('succeeded');
    await call('post', '/drift/check', {
      send: { entityRef: body.entityRef },
    });
    await executor.lastRun().finish('failed', { message: 'no credentials' });
    await call('post', '/drift/check', { send: {} });
    await call('post', '/drift/check', {
      send: { requestId: id, entityRef: body.entityRef },
    });
    await call('post', '/drift/check', { send: { requestId: other.body.id } });
    await call('post', '/drift/check', {
      send: { requestId: '01jzzzzzzzzzzzzzzzzzzzzzzz' },
    });
    await call('get', '/drift', { query: { entityRef: body.entityRef } });
    await call('get', '/drift', {
      query: { state: 'check_failed,drifted', environment: 'dev', limit: 1 },
    });
    await call('get', '/drift', { query: { state: 'nope' } });
    await call('post', '/requests/{id}/destroy', { id });
    await executor.lastRun().finish('failed', { message: 'provider error' });
    await call('get', '/requests/{id}', { id });

    await call('get', '/logs', {
      query: {
        type: 'approved,applied',
        requestId: id,
        since: '2000-01-01T00:00:00Z',
      },
    });
    await call('get', '/logs', { query: { since: 'yesterday' } });
    await call('get', '/metrics');
    await call('post', '/admin/reindex');
    await call('post', '/admin/reconcile');

    const webhook = (executorType: string, signature?: string) =>
      call('post', '/webhooks/{executor}', {
        executor: executorType,
        auth: null,
        send: { requestId: id, runId: 'fake-none' },
        headers: signature ? { 'x-fake-signature': signature } : {},
      });
    await webhook('fake', FakeExecutor.WEBHOOK_SIGNATURE);
    await webhook('fake');
    await webhook('github', FakeExecutor.WEBHOOK_SIGNATURE);

    denied.add('tfpilot.admin');
    denied.add('tfpilot.metrics.read');
    denied.add('tfpilot.logs.read');
    denied.add('tfpilot.request.read');
    denied.add('tfpilot.request.create');
    denied.add('tfpilot.request.cancel');
    denied.add('tfpilot.drift.check');
    await call('post', '/admin/reindex');
    await call('get', '/metrics');
    await call('get', '/logs');
    await call('get', '/requests/{id}', { id });
    await call('post', '/requests', { send: body });
    await call('post', '/requests/{id}/cancel', { id });
    await call('get', '/requests');
    await call('get', '/drift');
    await call('post', '/drift/check', { send: { requestId: id } });

    expect(problems).toEqual([]);
    const succeeded = new Set(
      [...seen]
        .filter(s => /\s2\d\d$/.test(s))
        .map(s => s.replace(/\s\d+$/, '')),
    );
    expect([...succeeded].sort()).toEqual(operations.map(o => o.key).sort());
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'GET /requests 400',
        'GET /requests/{id} 403',
        'GET /requests/{id} 404',
        'POST /requests 400',
        'POST /requests 401',
        'POST /requests 403',
        'POST /requests/{id}/approve 409',
        'POST /requests/{id}/promote 400',
        'POST /requests/{id}/promote 409',
        'POST /admin/reindex 403',
        'GET /drift 400',
        'POST /drift/check 400',
        'POST /drift/check 403',
        'POST /drift/check 404',
        'POST /drift/check 409',
        'POST /webhooks/{executor} 401',
        'POST /webhooks/{executor} 404',
      ]),
    );
  });
});
