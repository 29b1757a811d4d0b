import { Link, Table, TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import { ReactNode } from 'react';
import { requestRouteRef } from '../../../routes';
import { RequestStatus } from '../../common/RequestStatus';
import { Timestamp } from '../../common/Timestamp';

/**
 * One page of requests. Sorting, filtering and paging are the backend's
 * (newest first); the table only shows what it was given.
 */
export function RequestTable(props: {
  requests: TfRequest[];
  loading: boolean;
  title: string;
  emptyContent: ReactNode;
}) {
  const requestLink = useRouteRef(requestRouteRef);
  const columns: TableColumn<TfRequest>[] = [
    {
      title: 'Request',
      field: 'module.name',
      render: request => (
        <Link to={requestLink({ id: request.id })} title={request.id}>
          {request.module.name}@{request.module.version}
        </Link>
      ),
    },
    { title: 'Environment', field: 'environment' },
    {
      title: 'Status',
      field: 'status',
      render: request => <RequestStatus status={request.status} />,
    },
    {
      title: 'Entity',
      field: 'entityRef',
      render: request => (
        <EntityRefLink entityRef={request.entityRef} disableTooltip />
      ),
    },
    {
      title: 'Owner',
      field: 'owner',
      render: request => (
        <EntityRefLink
          entityRef={request.owner}
          defaultKind="user"
          disableTooltip
        />
      ),
    },
    {
      title: 'Updated',
      field: 'updatedAt',
      render: request => <Timestamp at={request.updatedAt} />,
    },
  ];
  return (
    <Table<TfRequest>
      title={props.title}
      columns={columns}
      data={props.requests}
      isLoading={props.loading}
      emptyContent={props.emptyContent}
      options={{
        paging: false,
        search: false,
        sorting: false,
        draggable: false,
        padding: 'dense',
      }}
    />
  );
}
