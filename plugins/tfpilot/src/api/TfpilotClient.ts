import { ResponseError } from '@backstage/errors';
import { FetchApi } from '@backstage/frontend-plugin-api';
import {
  HealthResponse,
  LifecycleEvent,
  Metrics,
  TFPILOT_PLUGIN_ID,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  DriftCheckStarted,
  DriftFilter,
  DriftItem,
  Page,
  PageOptions,
  PromoteBody,
  RequestAction,
  RequestListFilter,
  TfpilotApi,
  TransitionBody,
} from './TfpilotApi';

type QueryValue = string | number | readonly string[] | undefined;

/**
 * `?a=1&b=x,y` from the defined, non-empty values; list values are sent
 * comma-separated, as the backend's OpenAPI description says (form style,
 * explode false).
 */
function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(name, value.join(','));
    } else if (value !== '') {
      search.set(name, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function pageQuery(page?: PageOptions): Record<string, QueryValue> {
  return { cursor: page?.cursor, limit: page?.limit };
}

const requestPath = (id: string) => `/requests/${encodeURIComponent(id)}`;

/** Talks to the TfPilot backend through Backstage's fetch API (auth included). */
export class TfpilotClient implements TfpilotApi {
  readonly #fetchApi: FetchApi;

  constructor(options: { fetchApi: FetchApi }) {
    this.#fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<HealthResponse> {
    return this.#request<HealthResponse>('GET', '/health');
  }

  async listRequests(
    filter: RequestListFilter = {},
    page?: PageOptions,
  ): Promise<Page<TfRequest>> {
    return this.#request<Page<TfRequest>>(
      'GET',
      `/requests${queryString({
        status: filter.status,
        environment: filter.environment,
        module: filter.module,
        owner: filter.owner,
        entityRef: filter.entityRef,
        ...pageQuery(page),
      })}`,
    );
  }

  async getRequest(id: string): Promise<TfRequest> {
    return this.#request<TfRequest>('GET', requestPath(id));
  }

  async listEvents(
    id: string,
    page?: PageOptions,
  ): Promise<Page<LifecycleEvent>> {
    return this.#request<Page<LifecycleEvent>>(
      'GET',
      `${requestPath(id)}/events${queryString(pageQuery(page))}`,
    );
  }

  async transition(
    id: string,
    action: RequestAction,
    body: TransitionBody = {},
  ): Promise<TfRequest> {
    return this.#request<TfRequest>(
      'POST',
      `${requestPath(id)}/${action}`,
      body,
    );
  }

  async promote(id: string, body: PromoteBody = {}): Promise<TfRequest> {
    return this.#request<TfRequest>('POST', `${requestPath(id)}/promote`, body);
  }

  async getMetrics(): Promise<Metrics> {
    return this.#request<Metrics>('GET', '/metrics');
  }

  async listDrift(filter: DriftFilter = {}): Promise<{ items: DriftItem[] }> {
    return this.#request<{ items: DriftItem[] }>(
      'GET',
      `/drift${queryString({
        entityRef: filter.entityRef,
        requestId: filter.requestId,
        environment: filter.environment,
        state: filter.state,
      })}`,
    );
  }

  async checkDrift(
    target: { requestId: string } | { entityRef: string },
  ): Promise<DriftCheckStarted> {
    return this.#request<DriftCheckStarted>('POST', '/drift/check', target);
  }

  async #request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: object,
  ): Promise<T> {
    const response = await this.#fetchApi.fetch(
      `plugin://${TFPILOT_PLUGIN_ID}${path}`,
      body === undefined
        ? { method }
        : {
            method,
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
