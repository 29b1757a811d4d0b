import { IncomingHttpHeaders } from 'node:http';
import { isJsonObject, JsonObject } from './openapi';

/** A request as a route handler sees it. */
export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** What a route handler answers: JSON in `body`, or bytes in `raw`. */
export interface ApiResponse {
  status: number;
  body?: unknown;
  raw?: { contentType: string; data: Uint8Array };
  headers?: Record<string, string>;
}

/** One entry of a 422 `errors` list, as GitHub writes them. */
export interface GithubFieldError {
  resource: string;
  code: string;
  field?: string;
  message?: string;
}

/** An error answer with GitHub's body `{ message, documentation_url, status }`. */
export class GithubApiError extends Error {
  readonly errors?: GithubFieldError[];
  readonly headers?: Record<string, string>;
  readonly documentationUrl?: string;

  constructor(
    readonly status: number,
    message: string,
    details: {
      errors?: GithubFieldError[];
      headers?: Record<string, string>;
      documentationUrl?: string;
    } = {},
  ) {
    super(message);
    this.errors = details.errors;
    this.headers = details.headers;
    this.documentationUrl = details.documentationUrl;
  }
}

export const notFound = () => new GithubApiError(404, 'Not Found');

/** GitHub's 422 for semantic problems: "Validation Failed" plus field errors. */
export function validationFailed(...errors: GithubFieldError[]) {
  return new GithubApiError(422, 'Validation Failed', { errors });
}

export function errorBody(
  error: GithubApiError,
  documentationUrl: string,
): JsonObject {
  return {
    message: error.message,
    ...(error.errors ? { errors: error.errors } : {}),
    documentation_url: error.documentationUrl ?? documentationUrl,
    status: String(error.status),
  };
}

/** The request body as an object; GitHub answers 400 for anything else. */
export function bodyObject(req: ApiRequest): JsonObject {
  if (!isJsonObject(req.body)) {
    throw new GithubApiError(400, 'Problems parsing JSON');
  }
  return req.body;
}

export function optionalString(
  body: JsonObject,
  key: string,
): string | undefined {
  const value = body[key];
  return typeof value === 'string' ? value : undefined;
}

function positiveInt(raw: string | null, fallback: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** One page of a list and the `Link` header GitHub sends with it. */
export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

/** GitHub's page-based pagination: `per_page` (≤ 100, default 30) and `page`. */
export function paginate<T>(
  req: ApiRequest,
  apiBaseUrl: string,
  all: T[],
): Page<T> {
  const perPage = Math.min(positiveInt(req.query.get('per_page'), 30), 100);
  const page = positiveInt(req.query.get('page'), 1);
  const items = all.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const link = (n: number, rel: string) => {
    const query = new URLSearchParams(req.query);
    query.set('per_page', String(perPage));
    query.set('page', String(n));
    return `<${apiBaseUrl}${req.path}?${query}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { items, headers: links.length ? { link: links.join(', ') } : {} };
}

/** One GitHub operation the test server answers, by its `operationId`. */
export interface Route<State> {
  operation: string;
  handle(req: ApiRequest, state: State): ApiResponse;
}
