import {
  InfoCard,
  Link,
  Progress,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  DriftState,
  tfpilotDriftCheckPermission,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { ReactNode, useState } from 'react';
import { DriftItem, tfpilotApiRef } from '../../api/TfpilotApi';
import {
  DRIFT_PRECEDENCE,
  DRIFT_STATE_LABELS,
  lastDriftCheck,
  overallDriftState,
} from './drift';
import type { TfpilotEntityCardProps } from './types';
import { useRequestLink } from './links';
import { ApiErrorPanel, remedyFor, Timestamp } from '../common';
import { useEntityDrift } from './useEntityTfpilot';

/** Requests listed before "Show more". */
const LISTED_REQUESTS = 5;

const useStyles = makeStyles(theme => ({
  address: {
    fontFamily: 'monospace',
    wordBreak: 'break-all',
  },
  chip: { marginRight: theme.spacing(0.5) },
}));

function DriftStatus(props: { state: DriftState; children: ReactNode }) {
  switch (props.state) {
    case 'in_sync':
      return <StatusOK>{props.children}</StatusOK>;
    case 'drifted':
      return <StatusWarning>{props.children}</StatusWarning>;
    case 'check_failed':
      return <StatusError>{props.children}</StatusError>;
    default:
      return <StatusPending>{props.children}</StatusPending>;
  }
}

function DriftedRequest(props: { item: DriftItem }) {
  const { item } = props;
  const classes = useStyles();
  const requestLink = useRequestLink();
  const name = `${item.module.name}@${item.module.version} in ${item.environment}`;
  return (
    <ListItem disableGutters alignItems="flex-start">
      <ListItemText
        disableTypography
        primary={
          <Typography variant="body2">
            <DriftStatus state={item.state}>
              {DRIFT_STATE_LABELS[item.state]}
            </DriftStatus>{' '}
            {requestLink ? (
              <Link to={requestLink(item.requestId)}>{name}</Link>
            ) : (
              name
            )}
          </Typography>
        }
        secondary={
          item.resources.length > 0 ? (
            <List
              dense
              disablePadding
              aria-label={`Drifted resources of ${name}`}
            >
              {item.resources.map(resource => (
                <ListItem key={resource.address} disableGutters dense>
                  <ListItemText
                    secondaryTypographyProps={{ component: 'div' }}
                    primary={
                      <span className={classes.address}>
                        {resource.address}
                      </span>
                    }
                    secondary={
                      <>
                        {resource.actions.map(action => (
                          <Chip
                            key={action}
                            label={action}
                            size="small"
                            className={classes.chip}
                          />
                        ))}
                        {resource.attributes && resource.attributes.length > 0
                          ? `changed: ${resource.attributes.join(', ')}`
                          : null}
                      </>
                    }
                  />
                </ListItem>
              ))}
            </List>
          ) : null
        }
      />
    </ListItem>
  );
}

/** "Check now", for people allowed `tfpilot.drift.check`; explained when not. */
function CheckNow(props: { entityRef: string; onStarted: () => void }) {
  const { entityRef, onStarted } = props;
  const api = useApi(tfpilotApiRef);
  const permission = usePermission({ permission: tfpilotDriftCheckPermission });
  const [checking, setChecking] = useState(false);
  const [message, setMessage] = useState<string>();
  const [failure, setFailure] = useState<Error>();

  const check = async () => {
    setChecking(true);
    setMessage(undefined);
    setFailure(undefined);
    try {
      const started = await api.checkDrift({ entityRef });
      setMessage(
        started.requests === 0
          ? 'Nothing to check: no applied request.'
          : `Drift check started for ${started.requests} request${
              started.requests === 1 ? '' : 's'
            }; results show here when the runs finish.`,
      );
      onStarted();
    } catch (e) {
      setFailure(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setChecking(false);
    }
  };

  const denied = !permission.loading && !permission.allowed;
  return (
    <Box>
      <Button
        variant="outlined"
        color="primary"
        size="small"
        disabled={permission.loading || denied || checking}
        onClick={check}
      >
        {checking ? 'Starting check…' : 'Check now'}
      </Button>
      {denied && (
        <Typography variant="caption" display="block" color="textSecondary">
          Checking drift needs the tfpilot.drift.check permission, which
          TfPilot&apos;s default policy gives administrators; ask your platform
          team.
        </Typography>
      )}
      {message && (
        <Typography variant="caption" display="block" role="status">
          {message}
        </Typography>
      )}
      {failure && (
        <Typography
          variant="caption"
          display="block"
          color="error"
          role="alert"
        >
          Could not start the drift check: {failure.message}.{' '}
          {remedyFor(failure)}
        </Typography>
      )}
    </Box>
  );
}

/**
 * Drift of the entity's applied requests: the overall state, the last check,
 * what drifted (resources, actions and changed attributes) and "check now".
 */
export function EntityTfpilotDriftCard(props: TfpilotEntityCardProps) {
  const { hideWhenEmpty = true } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useEntityDrift(entityRef);
  const [showAll, setShowAll] = useState(false);
  const title = 'Drift';

  if (loading && !value) {
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  }
  if (error) {
    return (
      <InfoCard title={title}>
        <ApiErrorPanel
          title="Could not load the drift of this entity's infrastructure"
          error={error}
          onRetry={retry}
        />
      </InfoCard>
    );
  }
  const items = value ?? [];
  const state = overallDriftState(items);
  if (!state) {
    if (hideWhenEmpty) return null;
    return (
      <InfoCard title={title}>
        <Typography variant="body2" color="textSecondary">
          Nothing applied yet, so nothing can drift.
        </Typography>
      </InfoCard>
    );
  }
  const lastCheck = lastDriftCheck(items);
  // Drifted first, then failed checks, then never checked.
  const notInSync = items
    .filter(item => item.state !== 'in_sync')
    .sort(
      (a, b) =>
        DRIFT_PRECEDENCE.indexOf(a.state) - DRIFT_PRECEDENCE.indexOf(b.state),
    );
  const shown = showAll ? notInSync : notInSync.slice(0, LISTED_REQUESTS);
  const drifted = items.filter(item => item.state === 'drifted').length;
  return (
    <InfoCard
      title={title}
      subheader={
        lastCheck ? (
          <>
            Last checked <Timestamp at={lastCheck} />
          </>
        ) : (
          'Never checked'
        )
      }
    >
      <Typography variant="h6" component="p" data-testid="tfpilot-drift-state">
        <DriftStatus state={state}>{DRIFT_STATE_LABELS[state]}</DriftStatus>
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {drifted} of {items.length} applied request
        {items.length === 1 ? '' : 's'} drifted
      </Typography>
      {notInSync.length > 0 && (
        <List dense aria-label="Requests not in sync">
          {shown.map(item => (
            <DriftedRequest key={item.requestId} item={item} />
          ))}
        </List>
      )}
      {notInSync.length > shown.length && (
        <Button size="small" onClick={() => setShowAll(true)}>
          Show {notInSync.length - shown.length} more
        </Button>
      )}
      <Box mt={1}>
        <CheckNow entityRef={entityRef} onStarted={retry} />
      </Box>
    </InfoCard>
  );
}
