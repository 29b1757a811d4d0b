import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { jobValues, runValues, workflowObject } from './actionsShapes';
import { webhookFixture } from './fixtures';
import { isJsonObject, JsonObject, validateGithubWebhook } from './openapi';
import {
  organizationObject,
  overlay,
  repositoryObject,
  userObject,
} from './site';
import { JobRecord, RepositoryState, RunRecord } from './state';

/** One webhook delivery and how the receiver answered it. */
export interface Delivery {
  /** `X-GitHub-Delivery`: the same for a redelivery. */
  id: string;
  event: string;
  action?: string;
  payload: JsonObject;
  /** The receiver's HTTP status; 0 when it could not be reached. */
  status: number;
  responseBody: string;
  /** The request headers sent, lower-case names. */
  headers: Record<string, string>;
  /** The raw body that was signed. */
  body: string;
  redelivery: boolean;
}

/** How to sign a delivery: correctly, with a wrong secret, or not at all. */
export interface DeliveryOptions {
  signature?: 'valid' | 'forged' | 'missing';
  deliveryId?: string;
}

// GitHub waits 10 seconds for a receiver before giving up.
const RECEIVER_TIMEOUT_MS = 10_000;

/** GitHub's two signature headers of a raw body. */
export function signBody(secret: string, body: string): Record<string, string> {
  const hmac = (algorithm: string) =>
    createHmac(algorithm, secret).update(body, 'utf8').digest('hex');
  return {
    'x-hub-signature': `sha1=${hmac('sha1')}`,
    'x-hub-signature-256': `sha256=${hmac('sha256')}`,
  };
}

function commonPayload(state: RepositoryState, fixture: JsonObject) {
  const { site } = state;
  return {
    repository: overlay(
      fixture.repository,
      repositoryObject(site, state.pushedAt),
    ),
    sender: overlay(fixture.sender, userObject(site, site.actor)),
    organization: overlay(fixture.organization, organizationObject(site)),
  };
}

function runFixtureName(run: RunRecord, action: string): string {
  if (action !== 'completed') return `workflow_run.${action}`;
  return run.conclusion === 'success'
    ? 'workflow_run.completed.success.with-pull-requests'
    : 'workflow_run.completed.failure.workflow_dispatch';
}

/** A `workflow_run` payload, keyed exactly like a real delivery. */
export function workflowRunPayload(
  state: RepositoryState,
  run: RunRecord,
  action: 'requested' | 'in_progress' | 'completed',
): JsonObject {
  const fixture = webhookFixture(runFixtureName(run, action));
  const template = isJsonObject(fixture.workflow_run)
    ? fixture.workflow_run
    : {};
  const repository = repositoryObject(state.site, state.pushedAt);
  return overlay(fixture, {
    action,
    ...commonPayload(state, fixture),
    workflow: overlay(fixture.workflow, workflowObject(state, run.workflow)),
    workflow_run: overlay(template, {
      ...runValues(state, run),
      repository: overlay(template.repository, repository),
      head_repository: overlay(template.head_repository, repository),
    }),
  });
}

function jobFixtureName(job: JobRecord): string {
  if (job.status !== 'completed') return `workflow_job.${job.status}`;
  return job.conclusion === 'success'
    ? 'workflow_job.completed.success'
    : 'workflow_job.completed.failure';
}

/** A `workflow_job` payload for the job's current status. */
export function workflowJobPayload(
  state: RepositoryState,
  run: RunRecord,
  job: JobRecord,
): JsonObject {
  const fixture = webhookFixture(jobFixtureName(job));
  return overlay(fixture, {
    action: job.status,
    ...commonPayload(state, fixture),
    workflow_job: overlay(fixture.workflow_job, jobValues(state, run, job)),
  });
}

/** Signs and POSTs deliveries, and remembers them for redelivery. */
export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  url?: string;
  // GitHub-Hookshot's version is a short commit id.
  readonly #agent = `GitHub-Hookshot/${randomBytes(4)
    .toString('hex')
    .slice(0, 7)}`;

  constructor(
    private readonly secret: string,
    private readonly hookId: number,
    private readonly targetId: number,
    private readonly onInvalidPayload: (name: string, errors: string) => void,
  ) {}

  #headers(event: string, id: string, body: string, options: DeliveryOptions) {
    const signature = options.signature ?? 'valid';
    const secret =
      signature === 'forged' ? `${this.secret}-forged` : this.secret;
    return {
      accept: '*/*',
      'content-type': 'application/json',
      'user-agent': this.#agent,
      'x-github-delivery': id,
      'x-github-event': event,
      'x-github-hook-id': String(this.hookId),
      'x-github-hook-installation-target-id': String(this.targetId),
      'x-github-hook-installation-target-type': 'repository',
      ...(signature === 'missing' ? {} : signBody(secret, body)),
    };
  }

  #checkPayload(
    event: string,
    action: string | undefined,
    payload: JsonObject,
  ) {
    const result = validateGithubWebhook(event, action, payload);
    if (!result.valid) {
      this.onInvalidPayload(
        `webhook ${[event, action].filter(Boolean).join('.')}`,
        result.errors.join('\n'),
      );
    }
  }

  /**
   * Signs and sends a payload. Payloads the server builds are `checked`
   * against GitHub's webhook schemas; a test's own payloads are its business.
   */
  async deliver(
    event: string,
    payload: JsonObject,
    options: DeliveryOptions = {},
    checked = false,
  ): Promise<Delivery> {
    const action =
      typeof payload.action === 'string' ? payload.action : undefined;
    if (checked) this.#checkPayload(event, action, payload);
    const id = options.deliveryId ?? randomUUID();
    const body = JSON.stringify(payload);
    const headers = this.#headers(event, id, body, options);
    const partial = { id, event, action, payload, headers, body };
    return this.#send({ ...partial, redelivery: false });
  }

  /** The same delivery again: same id, body and signature. */
  async redeliver(deliveryId: string): Promise<Delivery> {
    const original = this.deliveries.find(d => d.id === deliveryId);
    if (!original) throw new Error(`no delivery ${deliveryId} to redeliver`);
    return this.#send({ ...original, redelivery: true });
  }

  async #send(
    delivery: Omit<Delivery, 'status' | 'responseBody'>,
  ): Promise<Delivery> {
    if (!this.url) {
      throw new Error('No webhook URL: call setWebhookUrl() before delivering');
    }
    let status = 0;
    let responseBody: string;
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
        signal: AbortSignal.timeout(RECEIVER_TIMEOUT_MS),
      });
      status = response.status;
      responseBody = await response.text();
    } catch (error) {
      responseBody = error instanceof Error ? error.message : String(error);
    }
    const done: Delivery = { ...delivery, status, responseBody };
    this.deliveries.push(done);
    return done;
  }
}
