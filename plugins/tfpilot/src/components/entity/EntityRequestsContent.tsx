import {
  EmptyState,
  Link,
  LinkButton,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { tfpilotApiRef } from '../../api/TfpilotApi';
import { useModulesLink } from '../modules/links';
import { EntityTfpilotCostCard } from './EntityTfpilotCostCard';
import { EntityTfpilotDriftCard } from './EntityTfpilotDriftCard';
import { formatMoney, formatMoneyChange } from './format';
import { useRequestLink } from './links';
import { ApiErrorPanel, RequestStatus, Timestamp } from '../common';

/** Requests shown at first, and added by each "Show more". */
export const REQUESTS_PAGE_SIZE = 20;

function useRequestPages(entityRef: string) {
  const api = useApi(tfpilotApiRef);
  const [more, setMore] = useState<{ items: TfRequest[]; cursor?: string }>({
    items: [],
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Error>();
  const first = useAsyncRetry(async () => {
    const page = await api.listRequests(
      { entityRef: [entityRef] },
      { limit: REQUESTS_PAGE_SIZE },
    );
    setMore({ items: [], cursor: page.nextCursor });
    return page.items;
  }, [api, entityRef]);

  const loadMore = useCallback(async () => {
    if (!more.cursor) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await api.listRequests(
        { entityRef: [entityRef] },
        { limit: REQUESTS_PAGE_SIZE, cursor: more.cursor },
      );
      setMore(previous => ({
        items: [...previous.items, ...page.items],
        cursor: page.nextCursor,
      }));
    } catch (e) {
      setMoreError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setLoadingMore(false);
    }
  }, [api, entityRef, more.cursor]);

  return {
    ...first,
    items: [...(first.value ?? []), ...more.items],
    hasMore: Boolean(more.cursor),
    loadMore,
    loadingMore,
    moreError,
  };
}

/** The request's monthly cost, and below it the change its plan makes. */
function CostCell(props: { request: TfRequest }) {
  const summary = props.request.cost?.summary;
  if (!summary || summary.totalMonthlyCost === null) return <>—</>;
  const diff = summary.diffTotalMonthlyCost;
  return (
    <>
      {formatMoney(summary.totalMonthlyCost, summary.currency)}
      {diff !== null && diff !== 0 && (
        <Typography variant="caption" color="textSecondary" display="block">
          {formatMoneyChange(diff, summary.currency)}
        </Typography>
      )}
    </>
  );
}

/** The requests of an entity, newest first, linking to their pages. */
export function EntityRequestsTable(props: { entity: Entity }) {
  const entityRef = stringifyEntityRef(props.entity);
  const requests = useRequestPages(entityRef);
  const requestLink = useRequestLink();
  const modulesLink = useModulesLink();
  const entityName = props.entity.metadata.title ?? props.entity.metadata.name;

  if (requests.loading && !requests.value) {
    return <Progress />;
  }
  if (requests.error) {
    return (
      <ApiErrorPanel
        title={`Could not load the TfPilot requests of ${entityName}`}
        error={requests.error}
        onRetry={requests.retry}
      />
    );
  }
  if (requests.items.length === 0) {
    return (
      <EmptyState
        missing="data"
        title={`No infrastructure requested for ${entityName} yet`}
        description="Pick a Terraform module from the platform's catalog: its form asks for what it needs, and the request is planned, approved and applied through TfPilot."
        action={
          modulesLink ? (
            <LinkButton
              to={modulesLink(entityRef)}
              variant="contained"
              color="primary"
            >
              Request a module
            </LinkButton>
          ) : undefined
        }
      />
    );
  }

  const columns: TableColumn<TfRequest>[] = [
    {
      title: 'Request',
      cellStyle: { whiteSpace: 'nowrap' },
      field: 'id',
      render: request =>
        requestLink ? (
          <Link to={requestLink(request.id)}>{request.id}</Link>
        ) : (
          request.id
        ),
    },
    {
      title: 'Module',
      field: 'module.name',
      render: request => `${request.module.name}@${request.module.version}`,
    },
    { title: 'Environment', field: 'environment' },
    {
      title: 'Status',
      cellStyle: { whiteSpace: 'nowrap' },
      field: 'status',
      render: request => <RequestStatus status={request.status} />,
    },
    {
      title: 'Monthly cost',
      field: 'cost.summary.totalMonthlyCost',
      render: request => <CostCell request={request} />,
      cellStyle: { whiteSpace: 'nowrap' },
    },
    {
      title: 'Updated',
      cellStyle: { whiteSpace: 'nowrap' },
      field: 'updatedAt',
      render: request => <Timestamp at={request.updatedAt} />,
    },
  ];

  return (
    <>
      <Table<TfRequest>
        title="TfPilot requests"
        columns={columns}
        data={requests.items}
        options={{
          paging: false,
          search: false,
          padding: 'dense',
          sorting: false,
          draggable: false,
        }}
      />
      {(requests.hasMore || requests.moreError) && (
        <Box mt={1}>
          {requests.moreError && (
            <ApiErrorPanel
              title="Could not load more requests"
              error={requests.moreError}
              onRetry={requests.loadMore}
            />
          )}
          {requests.hasMore && !requests.moreError && (
            <Button
              onClick={requests.loadMore}
              disabled={requests.loadingMore}
              variant="outlined"
              size="small"
            >
              {requests.loadingMore ? 'Loading…' : 'Show more'}
            </Button>
          )}
        </Box>
      )}
    </>
  );
}

/**
 * The "Terraform" tab of an entity that may own requests: its requests, the
 * drift of what was applied and what that costs a month.
 */
export function EntityRequestsContent(props: { entity: Entity }) {
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} md={6}>
        <EntityTfpilotCostCard hideWhenEmpty={false} />
      </Grid>
      <Grid item xs={12} md={6}>
        <EntityTfpilotDriftCard hideWhenEmpty={false} />
      </Grid>
      <Grid item xs={12}>
        <EntityRequestsTable entity={props.entity} />
      </Grid>
    </Grid>
  );
}
