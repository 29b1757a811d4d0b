import { InfoCard, Link, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Timeline from '@material-ui/lab/Timeline';
import TimelineConnector from '@material-ui/lab/TimelineConnector';
import TimelineContent from '@material-ui/lab/TimelineContent';
import TimelineDot from '@material-ui/lab/TimelineDot';
import TimelineItem from '@material-ui/lab/TimelineItem';
import TimelineOppositeContent from '@material-ui/lab/TimelineOppositeContent';
import TimelineSeparator from '@material-ui/lab/TimelineSeparator';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  EventType,
  LifecycleEvent,
  RequestRun,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { RequestEvents } from '../../../hooks/useRequestEvents';
import { requestRouteRef } from '../../../routes';
import { ActorLink } from '../../common/ActorLink';
import { ApiErrorPanel } from '../../common/ApiErrorPanel';
import { statusLabel } from '../../common/RequestStatus';
import { Timestamp } from '../../common/Timestamp';

export const EVENT_LABELS: Record<EventType, string> = {
  submitted: 'Submitted',
  rejected: 'Rejected by policy',
  plan_requested: 'Plan started',
  planned: 'Planned',
  plan_failed: 'Plan failed',
  approval_requested: 'Waiting for approval',
  approved: 'Approved',
  apply_requested: 'Apply started',
  applied: 'Applied',
  apply_failed: 'Apply failed',
  destroy_requested: 'Destroy started',
  destroyed: 'Destroyed',
  destroy_failed: 'Destroy failed',
  cancelled: 'Cancelled',
  promoted: 'Promoted',
  cleanup_requested: 'Clean-up started',
  cleaned_up: 'Cleaned up',
  cleanup_failed: 'Clean-up failed',
  drift_check_requested: 'Drift check started',
  drift_checked: 'Drift checked',
};

type DotColor = 'grey' | 'primary' | 'secondary' | 'inherit';

function dotColor(type: EventType): DotColor {
  if (/failed|rejected/.test(type)) return 'secondary';
  if (['applied', 'approved', 'planned', 'destroyed'].includes(type)) {
    return 'primary';
  }
  return 'grey';
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

function EventDetails(props: { event: LifecycleEvent }) {
  const requestLink = useRouteRef(requestRouteRef);
  const { details } = props.event;
  const comment = text(details.comment);
  const message = text(details.message);
  const promotedTo = text(details.promotedTo);
  const promotedFrom = text(details.promotedFrom);
  return (
    <>
      {comment && <Typography variant="body2">“{comment}”</Typography>}
      {message && (
        <Typography variant="body2" color="error">
          {message}
        </Typography>
      )}
      {details.policyBypassed === true && (
        <Typography variant="body2">
          Approved despite blocking policy findings.
        </Typography>
      )}
      {promotedTo && (
        <Typography variant="body2">
          Copied to{' '}
          <Link to={requestLink({ id: promotedTo })}>
            {text(details.environment) ?? 'the next environment'}
          </Link>
        </Typography>
      )}
      {promotedFrom && (
        <Typography variant="body2">
          Promoted from{' '}
          <Link to={requestLink({ id: promotedFrom })}>{promotedFrom}</Link>
        </Typography>
      )}
    </>
  );
}

function TimelineEntry(props: {
  event: LifecycleEvent;
  run?: RequestRun;
  last: boolean;
}) {
  const { event, run, last } = props;
  const moved = event.from !== null && event.from !== event.to;
  return (
    <TimelineItem data-testid="timeline-event">
      <TimelineOppositeContent style={{ flex: 0.25 }}>
        <Typography variant="body2" color="textSecondary">
          <Timestamp at={event.at} />
        </Typography>
      </TimelineOppositeContent>
      <TimelineSeparator>
        <TimelineDot color={dotColor(event.type)} />
        {!last && <TimelineConnector />}
      </TimelineSeparator>
      <TimelineContent>
        <Typography variant="subtitle2">
          {EVENT_LABELS[event.type] ?? event.type}
          {moved && (
            <Typography component="span" variant="body2" color="textSecondary">
              {' '}
              ({statusLabel(event.from!)} → {statusLabel(event.to)})
            </Typography>
          )}
        </Typography>
        <Typography variant="body2">
          by <ActorLink actor={event.actor} />
          {event.runId && (
            <>
              {' · run '}
              {run?.url ? (
                <Link to={run.url}>{event.runId}</Link>
              ) : (
                <code>{event.runId}</code>
              )}
            </>
          )}
        </Typography>
        <EventDetails event={event} />
      </TimelineContent>
    </TimelineItem>
  );
}

/** The lifecycle of the request from its events: what, who, when, which run. */
export function RequestTimeline(props: {
  events: RequestEvents;
  runs: RequestRun[];
}) {
  const { events, runs } = props;
  const runsById = new Map(runs.map(run => [run.runId, run]));
  let body;
  if (events.error && events.events.length === 0) {
    body = (
      <ApiErrorPanel
        title="Could not load the request's history"
        error={events.error}
        onRetry={events.retry}
      />
    );
  } else if (events.loading && events.events.length === 0) {
    body = <Progress />;
  } else {
    body = (
      <>
        <Timeline align="left" style={{ padding: 0 }}>
          {events.events.map((event, i) => (
            <TimelineEntry
              key={event.seq}
              event={event}
              run={event.runId ? runsById.get(event.runId) : undefined}
              last={i === events.events.length - 1}
            />
          ))}
        </Timeline>
        {events.hasMore && (
          <Box textAlign="center">
            <Button onClick={events.loadMore} disabled={events.loading}>
              Show later events
            </Button>
          </Box>
        )}
      </>
    );
  }
  return <InfoCard title="Timeline">{body}</InfoCard>;
}
