import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  DRIFT_STATES,
  entityRefSchema,
  EVENT_TYPES,
  HealthResponse,
  REQUEST_STATES,
  TfpilotRequestPermission,
  tfpilotAdminPermission,
  tfpilotDriftCheckPermission,
  tfpilotLogsReadPermission,
  tfpilotMetricsReadPermission,
  tfpilotRequestApplyPermission,
  tfpilotRequestApprovePermission,
  tfpilotRequestCancelPermission,
  tfpilotRequestCreatePermission,
  tfpilotRequestDestroyPermission,
  tfpilotRequestPlanPermission,
  tfpilotRequestPromotePermission,
  tfpilotRequestReadPermission,
  describeIssues,
  requestIdSchema,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { tfpilotRequestResourceRef } from '@tfpilot/backstage-plugin-tfpilot-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { RequestIndex } from './database/RequestIndex';
import { DriftService } from './services/drift/DriftService';
import { MetricsService } from './services/MetricsService';
import { RequestAction, RequestService } from './services/RequestService';

/** GitHub caps webhook payloads at 25 MB. */
const WEBHOOK_BODY_LIMIT = '25mb';

function lowerCaseHeaders(
  headers: IncomingHttpHeaders,
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name.toLowerCase(),
      Array.isArray(value) ? value.join(', ') : value,
    ]),
  );
}

/** Comma-separated or repeated query values. */
const list = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform(v =>
      (Array.isArray(v) ? v : [v]).flatMap(s => s.split(',')).filter(Boolean),
    )
    .pipe(z.array(item).max(50));

const limit = z.coerce.number().int().min(1).max(100).default(50);
const cursor = z.string().max(2000).optional();

const listRequestsQuery = z.strictObject({
  status: list(z.enum(REQUEST_STATES)).optional(),
  environment: list(z.string().max(32)).optional(),
  module: list(z.string().max(64)).optional(),
  owner: list(z.string().max(320)).optional(),
  entityRef: list(z.string().max(320)).optional(),
  cursor,
  limit,
});

const isoTime = z.iso
  .datetime({ offset: true })
  .transform(v => new Date(v).toISOString());

const listLogsQuery = z.strictObject({
  requestId: z.string().max(64).optional(),
  type: list(z.enum(EVENT_TYPES)).optional(),
  actor: z.string().max(320).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  cursor,
  limit,
});

const transitionBody = z
  .strictObject({
    expectedRevision: z.number().int().min(1).optional(),
    comment: z.string().max(2000).optional(),
    /** Approve despite blocking post-plan findings (tfpilot.admin only). */
    bypassPolicy: z.boolean().optional(),
  })
  .default({});

const promoteBody = z.strictObject({
  environment: z.string().max(32).optional(),
  /** Per-environment input overrides; validated with the new request. */
  inputs: z.record(z.string(), z.unknown()).optional(),
  expectedRevision: z.number().int().min(1).optional(),
});

const listDriftQuery = z.strictObject({
  entityRef: list(z.string().max(320)).optional(),
  requestId: list(z.string().max(64)).optional(),
  environment: list(z.string().max(32)).optional(),
  state: list(z.enum(DRIFT_STATES)).optional(),
  cursor,
  /** Larger pages than other lists: a drift view usually wants it whole. */
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

/** Exactly one of `requestId` and `entityRef`. */
const driftCheckBody = z
  .strictObject({
    requestId: requestIdSchema.optional(),
    entityRef: entityRefSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.requestId === undefined && body.entityRef === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['requestId'],
        message: 'required unless entityRef is given',
      });
    } else if (body.requestId !== undefined && body.entityRef !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['entityRef'],
        message: 'give requestId or entityRef, not both',
      });
    }
  });

/** What a drift check is about, for the audit log, before the body is checked. */
function driftCheckAuditMeta(body: unknown): JsonObject {
  const meta: JsonObject = {};
  if (typeof body !== 'object' || body === null) return meta;
  for (const [key, max] of [
    ['requestId', 64],
    ['entityRef', 320],
  ] as const) {
    const value: unknown = Reflect.get(body, key);
    if (typeof value === 'string') meta[key] = value.slice(0, max);
  }
  return meta;
}

function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(`Invalid ${where}: ${describeIssues(result.error)}`);
  }
  return result.data;
}

const ACTION_PERMISSION: Record<RequestAction, TfpilotRequestPermission> = {
  plan: tfpilotRequestPlanPermission,
  approve: tfpilotRequestApprovePermission,
  apply: tfpilotRequestApplyPermission,
  destroy: tfpilotRequestDestroyPermission,
  cancel: tfpilotRequestCancelPermission,
};

/** Who did it, as recorded in lifecycle events. */
function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.type === 'user' && principal.userEntityRef
    ? principal.userEntityRef
    : `service:${principal.subject ?? 'unknown'}`;
}

/** Thin HTTP layer: parse, authorize, delegate to services. */
/** Transitions people answer for: written to Backstage's audit log. */
const AUDITED_ACTIONS: Partial<
  Record<RequestAction, AuditorServiceEventSeverityLevel>
> = {
  approve: 'medium',
  apply: 'high',
  destroy: 'high',
  cancel: 'low',
};

export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  requests: RequestService;
  index: RequestIndex;
  metrics: MetricsService;
  drift: DriftService;
}): Promise<express.Router> {
  const {
    auditor,
    httpAuth,
    permissions,
    permissionsRegistry,
    requests,
    index,
    metrics,
    drift,
  } = options;
  const toQuery = createConditionTransformer(
    permissionsRegistry.getPermissionRuleset(tfpilotRequestResourceRef),
  );

  /**
   * Runs `fn` as one audit event: who (taken from the request by the
   * auditor), what, on which request, and whether it was allowed and done.
   */
  async function audited<T>(
    req: Request,
    eventId: string,
    severityLevel: AuditorServiceEventSeverityLevel,
    meta: JsonObject,
    fn: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel,
      request: req,
      meta,
    });
    try {
      const result = await fn();
      await event.success({ meta });
      return result;
    } catch (error) {
      await event.fail({
        meta,
        error: error instanceof Error ? error : new Error(String(error)),
      });
      throw error;
    }
  }

  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  async function requireBasic(req: Request, permission: BasicPermission) {
    const credentials = await credentialsOf(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    return credentials;
  }

  async function requireOnRequest(
    req: Request,
    permission: TfpilotRequestPermission,
    id: string,
  ) {
    const credentials = await credentialsOf(req);
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: id }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${permission.name} on request ${id}`,
      );
    }
    return credentials;
  }

  const router = Router();

  // Before the JSON parser: signatures are checked on the raw bytes.
  router.post(
    '/webhooks/:executor',
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    async (req, res) => {
      const body: Buffer = Buffer.isBuffer(req.body)
        ? req.body
        : Buffer.alloc(0);
      const outcome = await requests.receiveWebhook(req.params.executor, {
        headers: lowerCaseHeaders(req.headers),
        body,
      });
      res.status(202).json(outcome);
    },
  );

  router.use(express.json({ limit: '256kb' }));

  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok' };
    res.json(body);
  });

  router.post('/requests', async (req, res) => {
    const credentials = await requireBasic(req, tfpilotRequestCreatePermission);
    const created = await requests.create(req.body, actorOf(credentials));
    res.status(201).json(created);
  });

  router.get('/requests', async (req, res) => {
    const query = parse(listRequestsQuery, req.query, 'query');
    const credentials = await credentialsOf(req);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: tfpilotRequestReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      res.json({ items: [] });
      return;
    }
    const page = await index.listRequestsJson({
      filter: query,
      permission:
        decision.result === AuthorizeResult.CONDITIONAL
          ? toQuery(decision.conditions)
          : undefined,
      cursor: query.cursor,
      limit: query.limit,
    });
    res.type('application/json').send(page);
  });

  router.get('/requests/:id', async (req, res) => {
    await requireOnRequest(req, tfpilotRequestReadPermission, req.params.id);
    res.json(await requests.get(req.params.id));
  });

  router.get('/requests/:id/events', async (req, res) => {
    await requireOnRequest(req, tfpilotRequestReadPermission, req.params.id);
    const request = await requests.get(req.params.id);
    const query = parse(z.strictObject({ cursor, limit }), req.query, 'query');
    res.json(
      await index.listEvents({ filter: { requestId: request.id }, ...query }),
    );
  });

  for (const action of Object.keys(ACTION_PERMISSION) as RequestAction[]) {
    router.post(`/requests/:id/${action}`, async (req, res) => {
      const run = async () => {
        const credentials = await requireOnRequest(
          req,
          ACTION_PERMISSION[action],
          req.params.id,
        );
        const body = parse(transitionBody, req.body ?? {}, 'body');
        if (body.bypassPolicy) {
          if (action !== 'approve') {
            throw new InputError(
              'bypassPolicy: only an approval can bypass policy findings',
            );
          }
          await audited(
            req,
            'policy-bypass',
            'critical',
            { requestId: req.params.id },
            () => requireBasic(req, tfpilotAdminPermission),
          );
        }
        return requests.transition(
          req.params.id,
          action,
          actorOf(credentials),
          body,
        );
      };
      const severity = AUDITED_ACTIONS[action];
      res.json(
        severity
          ? await audited(
              req,
              `request-${action}`,
              severity,
              { requestId: req.params.id, action },
              run,
            )
          : await run(),
      );
    });
  }

  router.post('/requests/:id/promote', async (req, res) => {
    const promoted = await audited(
      req,
      'request-promote',
      'medium',
      { requestId: req.params.id, action: 'promote' },
      async () => {
        const credentials = await requireOnRequest(
          req,
          tfpilotRequestPromotePermission,
          req.params.id,
        );
        const body = parse(promoteBody, req.body, 'body');
        return requests.promote(
          req.params.id,
          { environment: body.environment, overrides: body.inputs },
          actorOf(credentials),
          { expectedRevision: body.expectedRevision },
        );
      },
    );
    res.status(201).json(promoted);
  });

  router.get('/logs', async (req, res) => {
    await requireBasic(req, tfpilotLogsReadPermission);
    const query = parse(listLogsQuery, req.query, 'query');
    const { cursor: after, limit: size, ...filter } = query;
    res.json(await index.listEvents({ filter, cursor: after, limit: size }));
  });

  router.get('/metrics', async (req, res) => {
    await requireBasic(req, tfpilotMetricsReadPermission);
    res.json(await metrics.get());
  });

  router.get('/drift', async (req, res) => {
    const query = parse(listDriftQuery, req.query, 'query');
    const credentials = await credentialsOf(req);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: tfpilotRequestReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      res.json({ items: [] });
      return;
    }
    const { cursor: after, limit: size, ...filter } = query;
    res.json(
      await drift.list({
        filter,
        permission:
          decision.result === AuthorizeResult.CONDITIONAL
            ? toQuery(decision.conditions)
            : undefined,
        cursor: after,
        limit: size,
      }),
    );
  });

  router.post('/drift/check', async (req, res) => {
    const body: unknown = req.body ?? {};
    const result = await audited(
      req,
      'drift-check',
      'low',
      driftCheckAuditMeta(body),
      async () => {
        const credentials = await requireBasic(
          req,
          tfpilotDriftCheckPermission,
        );
        const parsed = parse(driftCheckBody, body, 'body');
        const actor = actorOf(credentials);
        return parsed.requestId !== undefined
          ? drift.checkRequest(parsed.requestId, actor)
          : drift.checkEntity(parsed.entityRef ?? '', actor);
      },
    );
    res.status(202).json(result);
  });

  router.post('/admin/reindex', async (req, res) => {
    const result = await audited(
      req,
      'admin-reindex',
      'medium',
      {},
      async () => {
        await requireBasic(req, tfpilotAdminPermission);
        return requests.reindex();
      },
    );
    res.json(result);
  });

  router.post('/admin/reconcile', async (req, res) => {
    const result = await audited(
      req,
      'admin-reconcile',
      'low',
      {},
      async () => {
        await requireBasic(req, tfpilotAdminPermission);
        return requests.reconcile();
      },
    );
    res.json(result);
  });

  return router;
}
