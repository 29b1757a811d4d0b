import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import { ReactNode } from 'react';
import { requestRouteRef, requestsRouteRef } from '../../../routes';
import { RequestStatus } from '../../common/RequestStatus';
import { Timestamp } from '../../common/Timestamp';

const useStyles = makeStyles(theme => ({
  top: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
  },
  title: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))',
    gap: theme.spacing(1, 3),
    marginTop: theme.spacing(2),
  },
}));

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Typography variant="overline" color="textSecondary" display="block">
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Box>
  );
}

/**
 * What the request is (module@version in an environment), its state, who
 * owns it and which entity it serves, with the actions beside it.
 */
export function RequestHeader(props: {
  request: TfRequest;
  actions: ReactNode;
  live?: ReactNode;
}) {
  const { request, actions, live } = props;
  const classes = useStyles();
  const listLink = useRouteRef(requestsRouteRef);
  const requestLink = useRouteRef(requestRouteRef);
  return (
    <Box mb={3} component="section" aria-label="Request">
      <Box mb={1}>
        <Link to={listLink()}>← All requests</Link>
      </Box>
      <Box className={classes.top}>
        <Box className={classes.title}>
          <Typography variant="h4" component="h1">
            {request.module.name}@{request.module.version}
          </Typography>
          <Chip label={request.environment} size="small" />
          <RequestStatus status={request.status} />
        </Box>
        {actions}
      </Box>
      {live}
      <Box className={classes.facts}>
        <Fact label="Entity">
          <EntityRefLink entityRef={request.entityRef} />
        </Fact>
        <Fact label="Owner">
          <EntityRefLink entityRef={request.owner} defaultKind="user" />
        </Fact>
        <Fact label="Created">
          <Timestamp at={request.createdAt} />
        </Fact>
        <Fact label="Updated">
          <Timestamp at={request.updatedAt} />
        </Fact>
        <Fact label="Request">
          <code style={{ wordBreak: 'break-all' }}>{request.id}</code> ·
          revision {request.revision}
        </Fact>
        {request.promotedFrom && (
          <Fact label="Promoted from">
            <Link to={requestLink({ id: request.promotedFrom })}>
              {request.promotedFrom}
            </Link>
          </Fact>
        )}
        {request.templateRef && (
          <Fact label="Template">
            <EntityRefLink entityRef={request.templateRef} />
          </Fact>
        )}
        {request.drift && (
          <Fact label="Drift">
            {request.drift.state.replace(/_/g, ' ')}
            {request.drift.lastCheckedAt && (
              <>
                {' · checked '}
                <Timestamp at={request.drift.lastCheckedAt} />
              </>
            )}
          </Fact>
        )}
      </Box>
    </Box>
  );
}
