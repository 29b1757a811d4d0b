import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  TFPILOT_PLUGIN_ID,
  TfRequest,
  isRequestState,
} from '@tfpilot/backstage-plugin-tfpilot-common';

/** Body of `POST /requests`. */
export interface CreateRequestPayload {
  module: { name: string; version: string };
  environment: string;
  inputs?: Record<string, unknown>;
  entityRef: string;
  /** The template the request came from. */
  templateRef?: string;
}

/** Body of `POST /requests/:id/promote`. */
export interface PromoteRequestPayload {
  /** Must be the environment after the source's; defaults to it. */
  environment?: string;
  /** Inputs that replace the source request's values. */
  inputs?: Record<string, unknown>;
  /** Refuse unless the source request is still at this revision. */
  expectedRevision?: number;
}

/** The parts of a request the actions read. */
export type RequestSummary = Pick<
  TfRequest,
  'id' | 'status' | 'revision' | 'environment' | 'runs'
>;

/**
 * The Backstage error for an HTTP status, so that callers (and anything that
 * maps errors back to statuses) see what TfPilot meant. Server failures and
 * throttling are `ServiceUnavailableError`: worth trying again.
 */
function errorFor(status: number, message: string): Error {
  switch (status) {
    case 400:
    case 413:
    case 422:
      return new InputError(message);
    case 401:
      return new AuthenticationError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    case 429:
      return new ServiceUnavailableError(message);
    default:
      return status >= 500
        ? new ServiceUnavailableError(message)
        : new Error(message);
  }
}

/** Whether an error from this client is worth trying again later. */
export function isTransientError(error: unknown): boolean {
  return error instanceof ServiceUnavailableError;
}

/** Longest part of a non-JSON error body quoted in a message. */
const MAX_QUOTED_BODY = 300;

/**
 * Why TfPilot refused: the message of its Backstage error body
 * (`{ error: { name, message } }`), else the start of whatever it sent.
 */
async function reasonOf(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof body?.error?.message === 'string') return body.error.message;
  } catch {
    // not JSON: quoted below
  }
  const quoted = text.trim().slice(0, MAX_QUOTED_BODY);
  return quoted || response.statusText || 'no reason given';
}

function toSummary(payload: unknown, what: string): RequestSummary {
  const value = payload as Partial<Record<keyof RequestSummary, unknown>>;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof value.id !== 'string' ||
    typeof value.status !== 'string' ||
    !isRequestState(value.status) ||
    typeof value.revision !== 'number' ||
    typeof value.environment !== 'string'
  ) {
    throw new Error(`TfPilot answered ${what} without a readable request`);
  }
  return {
    id: value.id,
    status: value.status,
    revision: value.revision,
    environment: value.environment,
    runs: Array.isArray(value.runs) ? (value.runs as TfRequest['runs']) : [],
  };
}

/**
 * Calls the TfPilot backend on behalf of the user who started the task, so
 * that TfPilot's permissions apply to that user and not to the scaffolder.
 */
export class TfpilotApiClient {
  readonly #discovery: DiscoveryService;
  readonly #auth: AuthService;

  constructor(options: { discovery: DiscoveryService; auth: AuthService }) {
    this.#discovery = options.discovery;
    this.#auth = options.auth;
  }

  async createRequest(
    body: CreateRequestPayload,
    onBehalfOf: BackstageCredentials,
  ): Promise<RequestSummary> {
    return toSummary(
      await this.#call({
        what: 'create the request',
        method: 'POST',
        path: '/requests',
        body,
        onBehalfOf,
      }),
      'the creation',
    );
  }

  async getRequest(
    id: string,
    onBehalfOf: BackstageCredentials,
    options: { signal?: AbortSignal } = {},
  ): Promise<RequestSummary> {
    return toSummary(
      await this.#call({
        what: `read request ${id}`,
        method: 'GET',
        path: `/requests/${encodeURIComponent(id)}`,
        onBehalfOf,
        signal: options.signal,
      }),
      `for request ${id}`,
    );
  }

  /** Starts the plan of a submitted request. */
  async planRequest(
    id: string,
    onBehalfOf: BackstageCredentials,
  ): Promise<RequestSummary> {
    return toSummary(
      await this.#call({
        what: `plan request ${id}`,
        method: 'POST',
        path: `/requests/${encodeURIComponent(id)}/plan`,
        body: {},
        onBehalfOf,
      }),
      `the plan of request ${id}`,
    );
  }

  /** Creates the copy of an applied request in the next environment. */
  async promoteRequest(
    id: string,
    body: PromoteRequestPayload,
    onBehalfOf: BackstageCredentials,
  ): Promise<RequestSummary> {
    return toSummary(
      await this.#call({
        what: `promote request ${id}`,
        method: 'POST',
        path: `/requests/${encodeURIComponent(id)}/promote`,
        body,
        onBehalfOf,
      }),
      `the promotion of request ${id}`,
    );
  }

  async #call(options: {
    /** Completes "TfPilot refused to …" in error messages. */
    what: string;
    method: 'GET' | 'POST';
    path: string;
    body?: object;
    onBehalfOf: BackstageCredentials;
    signal?: AbortSignal;
  }): Promise<unknown> {
    const { what, method, path, body, onBehalfOf, signal } = options;
    const baseUrl = await this.#discovery.getBaseUrl(TFPILOT_PLUGIN_ID);
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf,
      targetPluginId: TFPILOT_PLUGIN_ID,
    });
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new ServiceUnavailableError(
        `Could not reach TfPilot to ${what} at ${baseUrl}: ${reason}`,
      );
    }
    if (!response.ok) {
      const reason = await reasonOf(response);
      const verb = response.status >= 500 ? 'failed' : 'refused';
      throw errorFor(
        response.status,
        `TfPilot ${verb} to ${what} (HTTP ${response.status}): ${reason}`,
      );
    }
    try {
      return await response.json();
    } catch {
      throw new Error(`TfPilot answered ${what} with a body that is not JSON`);
    }
  }
}
