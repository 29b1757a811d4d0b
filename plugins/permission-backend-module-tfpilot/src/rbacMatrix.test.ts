import {
  AuthService,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionBackend from '@backstage/plugin-permission-backend';
// The real TfPilot backend plugin is what this test is about.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import tfpilotBackend from '@tfpilot/backstage-plugin-tfpilot-backend';
import {
  EVENT_TARGET_STATE,
  newRequestId,
  REQUEST_API_VERSION,
  requestRecordSchema,
  RequestState,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import request from 'supertest';
import { groupEntity, userEntity } from './__testUtils__/catalogEntities';
import permissionModuleTfpilot from './index';

/*
 * Every role x every route of the real TfPilot backend, decided by this
 * module inside the real permission backend, with identities sent as user
 * tokens and groups read from a catalog.
 *
 * How a status proves the decision:
 * - 403 with `NotAllowedError` and "Not allowed: tfpilot.<permission>" is the
 *   router's refusal after the permission framework said DENY (or a
 *   CONDITIONAL decision whose conditions did not match the request).
 * - 200/201 means authorized and done.
 * - 409 (`ConflictError`) comes from the lifecycle engine, which runs only
 *   after authorization passed: the caller was allowed, the state was wrong.
 *
 * Requests in each lifecycle state are written to the local object store as
 * revision 1 records (the system of record) and indexed with
 * POST /admin/reindex, so each case gets a fresh request in the state it
 * needs without a Terraform run. Plan/apply/destroy then start real local
 * executor runs, which end quickly: the modules directory is empty.
 */

// ---------------------------------------------------------------- identities

const ROLE_GROUPS = {
  viewer: ['group:default/viewers'],
  developer: ['group:default/developers'],
  approver: ['group:default/approvers'],
  admin: ['user:default/root'],
};

const entities = [
  groupEntity('company'),
  groupEntity('viewers', 'company'),
  groupEntity('developers', 'company'),
  // Nested: frontend is a child of developers, oncall of approvers.
  groupEntity('frontend', 'developers'),
  groupEntity('approvers', 'company'),
  groupEntity('oncall', 'approvers', 'spec'),
  userEntity('vera', ['viewers']),
  userEntity('dana', ['developers']),
  userEntity('fred', ['frontend'], 'relations'),
  userEntity('alice', ['approvers']),
  userEntity('oscar', ['oncall']),
  userEntity('root', ['company']),
];

type Role = 'none' | 'viewer' | 'developer' | 'approver' | 'admin';

const USERS: ReadonlyArray<[string, Role]> = [
  ['nobody', 'none'], // not in the catalog, no role
  ['vera', 'viewer'],
  ['dana', 'developer'],
  ['fred', 'developer'], // through a nested group
  ['alice', 'approver'],
  ['oscar', 'approver'], // through a nested group declared by spec.parent
  ['root', 'admin'], // a user ref in the admin role
];

const ref = (name: string) => `user:default/${name}`;
const auth = (name: string) => mockCredentials.user.header(ref(name));

// ------------------------------------------------------------- test backend

/**
 * The mock auth service turns a token issued on behalf of a user into a user
 * principal without an actor, which the permission backend treats as a
 * direct browser request (and so refuses list queries without a
 * resourceRef). The real auth service marks the calling plugin as the actor;
 * this does the same.
 */
const authWithActorFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: (token, options) => inner.authenticate(token, options),
      isPrincipal: inner.isPrincipal.bind(inner) as AuthService['isPrincipal'],
      getNoneCredentials: () => inner.getNoneCredentials(),
      getOwnServiceCredentials: () => inner.getOwnServiceCredentials(),
      getLimitedUserToken: credentials =>
        inner.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => inner.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const principal = options.onBehalfOf.principal as
          | BackstageUserPrincipal
          | { type: string };
        if (principal.type === 'user' && 'userEntityRef' in principal) {
          return {
            token: mockCredentials.user.token(principal.userEntityRef, {
              actor: { subject: `plugin:${plugin.getId()}` },
            }),
          };
        }
        return inner.getPluginRequestToken(options);
      },
    };
  },
});

const dir = createMockDirectory();

async function startBackend(rbac: { separationOfDuties?: boolean }) {
  dir.clear();
  dir.setContent({ objects: {}, work: {}, modules: {} });
  const { server } = await startTestBackend({
    features: [
      tfpilotBackend,
      permissionBackend,
      permissionModuleTfpilot,
      catalogServiceMock.factory({ entities }),
      authWithActorFactory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          tfpilot: {
            storage: { type: 'local', local: { dir: dir.resolve('objects') } },
            executor: {
              type: 'local',
              local: { workDir: dir.resolve('work') },
            },
            catalog: { modulesDir: dir.resolve('modules') },
            environments: [
              { name: 'dev' },
              { name: 'stage' },
              { name: 'prod', production: true },
            ],
            rbac: {
              roles: ROLE_GROUPS,
              otherPermissions: 'allow',
              ...rbac,
            },
          },
        },
      }),
    ],
  });
  return server;
}

// ---------------------------------------------------------------- requests

let clock = Date.UTC(2026, 10, 1);

/** Writes a request in `status` to the object store; indexed by reindex. */
function seed(options: {
  owner: string;
  status: RequestState;
  environment?: string;
}): string {
  clock += 1000;
  const id = newRequestId(clock);
  const at = new Date(clock).toISOString();
  const type = (
    Object.keys(EVENT_TARGET_STATE) as (keyof typeof EVENT_TARGET_STATE)[]
  ).find(t => EVENT_TARGET_STATE[t] === options.status);
  const record = requestRecordSchema.parse({
    apiVersion: REQUEST_API_VERSION,
    id,
    module: { name: 'object-bucket', version: '1.0.0' },
    environment: options.environment ?? 'dev',
    inputs: { name: `bucket-${id.slice(-6)}` },
    entityRef: 'component:default/checkout',
    owner: ref(options.owner),
    revision: 1,
    status: options.status,
    createdAt: at,
    updatedAt: at,
    runs: [],
    event: {
      requestId: id,
      seq: 1,
      type,
      from: null,
      to: options.status,
      actor: ref(options.owner),
      at,
      details: { seededBy: 'rbac matrix test' },
    },
  });
  const file = dir.resolve('objects', 'requests', id, '0000000001.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(record));
  return id;
}

// ------------------------------------------------------------------ routes

type Server = Awaited<ReturnType<typeof startBackend>>;
type Call = (server: Server, user: string) => request.Test;

interface Route {
  name: string;
  /** Prepares what the call needs (before the backend indexes requests). */
  prepare: (user: string) => Call;
  /** Expected status per role. */
  expected: Record<Role, number>;
  /** The permission a 403 names. */
  permission: string;
}

const newRequestBody = {
  module: { name: 'object-bucket', version: '1.0.0' },
  environment: 'dev',
  inputs: { name: 'matrix-bucket' },
  entityRef: 'component:default/checkout',
};

const on =
  (
    method: 'get' | 'post',
    path: (id: string) => string,
    seedOptions:
      | Parameters<typeof seed>[0]
      | ((user: string) => Parameters<typeof seed>[0]),
    body?: object,
  ) =>
  (user: string): Call => {
    const id = seed(
      typeof seedOptions === 'function' ? seedOptions(user) : seedOptions,
    );
    return (server, caller) => {
      const call = request(server)
        [method](`/api/tfpilot${path(id)}`)
        .set('Authorization', auth(caller));
      return body ? call.send(body) : call;
    };
  };

const fixed =
  (method: 'get' | 'post', path: string, body?: object) =>
  (): Call =>
  (server, caller) => {
    const call = request(server)
      [method](`/api/tfpilot${path}`)
      .set('Authorization', auth(caller));
    return body ? call.send(body) : call;
  };

const byRole = (
  none: number,
  viewer: number,
  developer: number,
  approver: number,
  admin: number,
): Record<Role, number> => ({ none, viewer, developer, approver, admin });

const other = 'olga'; // owns requests nobody in the matrix owns

const ROUTES: Route[] = [
  {
    name: 'POST /requests',
    prepare: fixed('post', '/requests', newRequestBody),
    expected: byRole(403, 403, 201, 201, 201),
    permission: 'tfpilot.request.create',
  },
  {
    name: 'GET /requests/:id',
    prepare: on('get', id => `/requests/${id}`, {
      owner: other,
      status: 'applied',
    }),
    expected: byRole(403, 200, 200, 200, 200),
    permission: 'tfpilot.request.read',
  },
  {
    name: 'GET /requests/:id/events',
    prepare: on('get', id => `/requests/${id}/events`, {
      owner: other,
      status: 'planned',
    }),
    expected: byRole(403, 200, 200, 200, 200),
    permission: 'tfpilot.request.read',
  },
  {
    name: "POST /requests/:id/plan (another's request)",
    prepare: on('post', id => `/requests/${id}/plan`, {
      owner: other,
      status: 'submitted',
    }),
    expected: byRole(403, 403, 403, 200, 200),
    permission: 'tfpilot.request.plan',
  },
  {
    name: 'POST /requests/:id/plan (own request)',
    prepare: on(
      'post',
      id => `/requests/${id}/plan`,
      user => ({
        owner: user,
        status: 'submitted',
      }),
    ),
    expected: byRole(403, 403, 200, 200, 200),
    permission: 'tfpilot.request.plan',
  },
  {
    name: 'POST /requests/:id/approve',
    prepare: on('post', id => `/requests/${id}/approve`, {
      owner: other,
      status: 'awaiting_approval',
    }),
    expected: byRole(403, 403, 403, 200, 200),
    permission: 'tfpilot.request.approve',
  },
  {
    name: 'POST /requests/:id/approve (not awaiting approval: 409 once authorized)',
    prepare: on('post', id => `/requests/${id}/approve`, {
      owner: other,
      status: 'submitted',
    }),
    expected: byRole(403, 403, 403, 409, 409),
    permission: 'tfpilot.request.approve',
  },
  {
    name: 'POST /requests/:id/apply',
    prepare: on('post', id => `/requests/${id}/apply`, {
      owner: other,
      status: 'approved',
    }),
    expected: byRole(403, 403, 403, 200, 200),
    permission: 'tfpilot.request.apply',
  },
  {
    name: 'POST /requests/:id/destroy',
    prepare: on('post', id => `/requests/${id}/destroy`, {
      owner: other,
      status: 'applied',
    }),
    expected: byRole(403, 403, 403, 403, 200),
    permission: 'tfpilot.request.destroy',
  },
  {
    name: 'POST /requests/:id/destroy (not applied: 409 once authorized)',
    prepare: on('post', id => `/requests/${id}/destroy`, {
      owner: other,
      status: 'submitted',
    }),
    expected: byRole(403, 403, 403, 403, 409),
    permission: 'tfpilot.request.destroy',
  },
  {
    name: "POST /requests/:id/cancel (another's request)",
    prepare: on('post', id => `/requests/${id}/cancel`, {
      owner: other,
      status: 'awaiting_approval',
    }),
    expected: byRole(403, 403, 403, 200, 200),
    permission: 'tfpilot.request.cancel',
  },
  {
    name: 'POST /requests/:id/cancel (own request)',
    prepare: on(
      'post',
      id => `/requests/${id}/cancel`,
      user => ({
        owner: user,
        status: 'submitted',
      }),
    ),
    expected: byRole(403, 403, 200, 200, 200),
    permission: 'tfpilot.request.cancel',
  },
  {
    name: 'POST /requests/:id/cancel (own, applied: 409 once authorized)',
    prepare: on(
      'post',
      id => `/requests/${id}/cancel`,
      user => ({
        owner: user,
        status: 'applied',
      }),
    ),
    expected: byRole(403, 403, 409, 409, 409),
    permission: 'tfpilot.request.cancel',
  },
  {
    name: 'POST /requests/:id/promote (dev -> stage)',
    prepare: on(
      'post',
      id => `/requests/${id}/promote`,
      { owner: other, status: 'applied', environment: 'dev' },
      { environment: 'stage' },
    ),
    expected: byRole(403, 403, 201, 201, 201),
    permission: 'tfpilot.request.promote',
  },
  {
    name: 'POST /requests/:id/promote (stage -> prod)',
    prepare: on(
      'post',
      id => `/requests/${id}/promote`,
      { owner: other, status: 'applied', environment: 'stage' },
      { environment: 'prod' },
    ),
    expected: byRole(403, 403, 403, 201, 201),
    permission: 'tfpilot.request.promote',
  },
  {
    name: 'GET /logs',
    prepare: fixed('get', '/logs'),
    expected: byRole(403, 200, 200, 200, 200),
    permission: 'tfpilot.logs.read',
  },
  {
    name: 'GET /metrics',
    prepare: fixed('get', '/metrics'),
    expected: byRole(403, 200, 200, 200, 200),
    permission: 'tfpilot.metrics.read',
  },
  {
    name: 'POST /admin/reindex',
    prepare: fixed('post', '/admin/reindex'),
    expected: byRole(403, 403, 403, 403, 200),
    permission: 'tfpilot.admin',
  },
];

/** What a response shows: its status and, for errors, who refused and why. */
function outcomeOf(response: request.Response) {
  const error = response.body?.error as
    | { name?: string; message?: string }
    | undefined;
  return {
    status: response.status,
    ...(error ? { error: { name: error.name, message: error.message } } : {}),
  };
}

/** The outcome a status stands for (see the top of this file). */
function expectedOutcome(status: number, permission: string) {
  if (status === 403) {
    return {
      status,
      error: {
        name: 'NotAllowedError',
        message: expect.stringMatching(
          new RegExp(`^Not allowed: ${permission.replace(/\./g, '\\.')}\\b`),
        ),
      },
    };
  }
  if (status === 409) {
    return { status, error: { name: 'ConflictError' } };
  }
  return { status };
}

/** Indexes the seeded requests, as the admin. */
async function reindex(server: Server) {
  const response = await request(server)
    .post('/api/tfpilot/admin/reindex')
    .set('Authorization', auth('root'));
  if (response.status !== 200) {
    throw new Error(`reindex failed: ${JSON.stringify(outcomeOf(response))}`);
  }
}

jest.setTimeout(60_000);

describe('TfPilot RBAC against the real backend', () => {
  let server: Server;
  const cases: Array<{
    route: Route;
    user: string;
    role: Role;
    call: Call;
  }> = [];
  const listed: string[] = [];

  beforeAll(async () => {
    server = await startBackend({});
    for (const route of ROUTES) {
      for (const [user, role] of USERS) {
        cases.push({ route, user, role, call: route.prepare(user) });
      }
    }
    listed.push(
      seed({ owner: 'dana', status: 'submitted' }),
      seed({ owner: other, status: 'applied', environment: 'prod' }),
    );
    await reindex(server);
  });

  it.each(
    ROUTES.flatMap(route =>
      USERS.map(([user, role]) => [route.name, user, role] as const),
    ),
  )('%s as %s (%s)', async (routeName, user, role) => {
    const found = cases.find(
      c => c.route.name === routeName && c.user === user,
    );
    if (!found) throw new Error(`no case for ${routeName} / ${user}`);
    const response = await found.call(server, user);
    expect(outcomeOf(response)).toMatchObject(
      expectedOutcome(found.route.expected[role], found.route.permission),
    );
  });

  /** Every page of GET /requests, as the user sees it. */
  const listIds = async (user: string) => {
    const ids: string[] = [];
    const statuses = new Set<number>();
    let cursor: string | undefined;
    do {
      const response = await request(server)
        .get('/api/tfpilot/requests')
        .query({ limit: 100, ...(cursor ? { cursor } : {}) })
        .set('Authorization', auth(user));
      statuses.add(response.status);
      ids.push(...(response.body.items as { id: string }[]).map(i => i.id));
      cursor = response.body.nextCursor;
    } while (cursor);
    return { statuses: [...statuses], ids };
  };

  /** Every request id, straight from the object store. */
  const everyRequestId = async () =>
    (await readdir(dir.resolve('objects', 'requests'))).sort();

  it.each(USERS.filter(([, role]) => role !== 'none'))(
    'GET /requests lists every request, whoever owns it, for %s (%s)',
    async user => {
      const { statuses, ids } = await listIds(user);
      // Requests of every owner (seeded ones and those created by the
      // matrix above), the same set for every role.
      const every = await everyRequestId();
      expect(every).toEqual(expect.arrayContaining(listed));
      expect(every.length).toBeGreaterThan(ROUTES.length);
      expect({ statuses, ids: [...ids].sort() }).toEqual({
        statuses: [200],
        ids: every,
      });
    },
  );

  it('GET /requests lists nothing for a user without a role', async () => {
    await expect(listIds('nobody')).resolves.toEqual({
      statuses: [200],
      ids: [],
    });
  });

  it("leaves other plugins' permissions to tfpilot.rbac.otherPermissions (allow)", async () => {
    const response = await request(server)
      .post('/api/permission/authorize')
      .set('Authorization', auth('nobody'))
      .send({
        items: [
          {
            id: '1',
            permission: {
              type: 'basic',
              name: 'catalog.entity.create',
              attributes: { action: 'create' },
            },
          },
          {
            id: '2',
            permission: {
              type: 'basic',
              name: 'tfpilot.request.create',
              attributes: { action: 'create' },
            },
          },
        ],
      });
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      { id: '1', result: 'ALLOW' },
      { id: '2', result: 'DENY' },
    ]);
  });
});

describe('TfPilot RBAC with separation of duties, against the real backend', () => {
  let server: Server;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startBackend({ separationOfDuties: true });
    for (const owner of ['alice', 'root', 'oscar', 'dana']) {
      ids[`awaiting:${owner}`] = seed({ owner, status: 'awaiting_approval' });
      ids[`approved:${owner}`] = seed({ owner, status: 'approved' });
      ids[`submitted:${owner}`] = seed({ owner, status: 'submitted' });
    }
    ids['awaiting:olga:2'] = seed({
      owner: other,
      status: 'awaiting_approval',
    });
    await reindex(server);
  });

  const post = (user: string, action: string, id: string) =>
    request(server)
      .post(`/api/tfpilot/requests/${id}/${action}`)
      .set('Authorization', auth(user));

  it.each([
    // [who, action, whose request, expected]
    ['alice', 'approve', 'awaiting:alice', 403],
    ['alice', 'approve', 'awaiting:dana', 200],
    ['oscar', 'approve', 'awaiting:alice', 200],
    ['root', 'approve', 'awaiting:root', 403],
    ['root', 'approve', 'awaiting:oscar', 200],
    ['dana', 'approve', 'awaiting:olga:2', 403],
    ['alice', 'apply', 'approved:alice', 403],
    ['alice', 'apply', 'approved:dana', 200],
    ['root', 'apply', 'approved:root', 403],
    ['root', 'apply', 'approved:alice', 200],
    // Separation of duties is about approve and apply only.
    ['alice', 'plan', 'submitted:alice', 200],
    ['dana', 'cancel', 'submitted:dana', 200],
    ['oscar', 'cancel', 'submitted:root', 200],
  ] as const)(
    '%s %s on the %s request -> %i',
    async (user, action, key, expected) => {
      const response = await post(user, action, ids[key]);
      expect(outcomeOf(response)).toMatchObject(
        expectedOutcome(expected, `tfpilot.request.${action}`),
      );
    },
  );
});
