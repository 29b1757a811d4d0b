import { EmptyState } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import { useMemo } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { RequestListFilter } from '../../../api/TfpilotApi';
import { ApiErrorPanel } from '../../common/ApiErrorPanel';
import {
  isFiltered,
  ListQuery,
  listQueryToSearch,
  parseListQuery,
} from './listQuery';
import { Pagination } from './Pagination';
import { RequestFilters } from './RequestFilters';
import { RequestTable } from './RequestTable';
import { useRequestPage } from './useRequestPage';

/** Cursors of the pages before this one, kept in the history entry. */
interface ListHistoryState {
  previous?: (string | null)[];
}

/**
 * The requests the user may see, newest first, filtered and paged by the
 * backend. Filters, page size and page cursor live in the URL (links are
 * shareable, back and forward work); the cursors of earlier pages live in
 * the history entry, so "Previous" works after coming back from a request.
 */
export function RequestListContent() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const query = useMemo(() => parseListQuery(params), [params]);
  const previous = (location.state as ListHistoryState | null)?.previous ?? [];
  const { page, loading, error, retry } = useRequestPage(query);

  const go = (
    next: ListQuery,
    stack: (string | null)[],
    options: { replace?: boolean } = {},
  ) =>
    navigate(
      { search: listQueryToSearch(next) },
      { state: { previous: stack } satisfies ListHistoryState, ...options },
    );

  const onFilter = (filter: RequestListFilter) =>
    go({ filter, limit: query.limit }, [], { replace: true });

  const filtered = isFiltered(query.filter);
  const emptyContent = filtered ? (
    <EmptyState
      missing="data"
      title="No requests match these filters"
      description="Requests are matched on every filter at once, and on any value within one filter."
      action={
        <Button variant="outlined" onClick={() => onFilter({})}>
          Clear filters
        </Button>
      }
    />
  ) : (
    <EmptyState
      missing="content"
      title="No requests yet"
      description="Request infrastructure from a TfPilot module's template in the software catalog; the request shows up here, with its plan, cost and approvals."
    />
  );

  return (
    <>
      <RequestFilters filter={query.filter} onChange={onFilter} />
      {error && !page ? (
        <ApiErrorPanel
          title="Could not load the requests"
          error={error}
          onRetry={retry}
        />
      ) : (
        <>
          {error && (
            <ApiErrorPanel
              title="Could not load this page of requests"
              error={error}
              onRetry={retry}
            />
          )}
          <RequestTable
            title="Requests"
            requests={page?.items ?? []}
            loading={loading}
            emptyContent={loading ? null : emptyContent}
          />
          <Pagination
            pageNumber={
              query.cursor && previous.length === 0
                ? undefined
                : previous.length + 1
            }
            shown={page?.items.length ?? 0}
            hasPrevious={previous.length > 0 || Boolean(query.cursor)}
            hasNext={Boolean(page?.nextCursor)}
            limit={query.limit}
            disabled={loading}
            onFirst={() => go({ ...query, cursor: undefined }, [])}
            onPrevious={() => {
              const stack = [...previous];
              const cursor = stack.pop() ?? null;
              go({ ...query, cursor: cursor ?? undefined }, stack);
            }}
            onNext={() =>
              go({ ...query, cursor: page?.nextCursor }, [
                ...previous,
                query.cursor ?? null,
              ])
            }
            onLimit={limit => go({ filter: query.filter, limit }, [])}
          />
        </>
      )}
    </>
  );
}
