import {
  isRequestState,
  RequestState,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { RequestListFilter } from '../../../api/TfpilotApi';

/** Page sizes offered; the backend takes up to 100. */
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

/** What the list shows, as kept in the URL: filters, page cursor, page size. */
export interface ListQuery {
  filter: RequestListFilter;
  cursor?: string;
  limit: number;
}

export const FILTER_KEYS = [
  'status',
  'environment',
  'module',
  'owner',
  'entityRef',
] as const satisfies readonly (keyof RequestListFilter)[];

function list(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap(value => value.split(','))
    .map(value => value.trim())
    .filter(Boolean);
}

/**
 * The list's state from the query string (`?status=planned,applied&environment=prod`),
 * ignoring what the backend would refuse (unknown states, odd page sizes).
 */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const filter: RequestListFilter = {};
  const status = list(params, 'status').filter(isRequestState);
  if (status.length) filter.status = status as RequestState[];
  for (const key of ['environment', 'module', 'owner', 'entityRef'] as const) {
    const values = list(params, key);
    if (values.length) filter[key] = values;
  }
  const limit = Number(params.get('limit'));
  const cursor = params.get('cursor') ?? undefined;
  return {
    filter,
    ...(cursor ? { cursor } : {}),
    limit: (PAGE_SIZES as readonly number[]).includes(limit)
      ? limit
      : DEFAULT_PAGE_SIZE,
  };
}

/** The query string of a list state; the inverse of {@link parseListQuery}. */
export function listQueryToSearch(query: ListQuery): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const values = query.filter[key];
    if (values?.length) params.set(key, values.join(','));
  }
  if (query.limit !== DEFAULT_PAGE_SIZE)
    params.set('limit', String(query.limit));
  if (query.cursor) params.set('cursor', query.cursor);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Whether two filters select the same requests. */
export function sameFilter(
  a: RequestListFilter,
  b: RequestListFilter,
): boolean {
  return FILTER_KEYS.every(
    key => (a[key] ?? []).join('\n') === (b[key] ?? []).join('\n'),
  );
}

export function isFiltered(filter: RequestListFilter): boolean {
  return FILTER_KEYS.some(key => (filter[key]?.length ?? 0) > 0);
}
