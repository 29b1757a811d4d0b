import { Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useParams } from 'react-router-dom';
import {
  isInProgress,
  POLL_WITHOUT_SIGNALS_MS,
} from '../../../hooks/liveUpdates';
import { LiveRequest, useLiveRequest } from '../../../hooks/useLiveRequest';
import { useRequestEvents } from '../../../hooks/useRequestEvents';
import { ApiErrorPanel, remedyFor } from '../../common/ApiErrorPanel';
import { CostCard } from './CostCard';
import { InputsCard } from './InputsCard';
import { PlanSummaryCard } from './PlanSummaryCard';
import { PolicyCard } from './PolicyCard';
import { RequestActions } from './RequestActions';
import { RequestHeader } from './RequestHeader';
import { RequestTimeline } from './RequestTimeline';
import { RunsCard } from './RunsCard';

function LiveNote(props: { live: LiveRequest }) {
  const { request, refreshError, isSignalsAvailable } = props.live;
  if (refreshError) {
    return (
      <Box mt={1}>
        <Alert severity="warning">
          Could not refresh this request ({refreshError.message}).{' '}
          {remedyFor(refreshError)}
        </Alert>
      </Box>
    );
  }
  if (!isInProgress(request)) return null;
  return (
    <Typography variant="caption" color="textSecondary" role="status">
      {isSignalsAvailable
        ? 'A run is in progress; this page updates as it moves on.'
        : `A run is in progress; this page refreshes every ${
            POLL_WITHOUT_SIGNALS_MS / 1000
          } seconds.`}
    </Typography>
  );
}

/** One request: what it is, what it will change and cost, its history and its actions. */
export function RequestDetail(props: { id: string }) {
  const live = useLiveRequest(props.id);
  const events = useRequestEvents(props.id, live.request?.revision);
  const { request } = live;

  if (!request) {
    if (live.error) {
      return (
        <ApiErrorPanel
          title={`Could not load request ${props.id}`}
          error={live.error}
          onRetry={live.refresh}
        />
      );
    }
    return <Progress />;
  }

  return (
    <>
      <RequestHeader
        request={request}
        live={<LiveNote live={live} />}
        actions={
          <RequestActions
            request={request}
            onChanged={live.accept}
            onConflict={live.refresh}
          />
        }
      />
      <Grid container spacing={3} alignItems="flex-start">
        <Grid item xs={12} lg={8}>
          <PlanSummaryCard
            plan={request.plan}
            planning={request.status === 'planning'}
          />
        </Grid>
        <Grid item xs={12} lg={4} container spacing={3}>
          <Grid item xs={12}>
            <CostCard cost={request.cost} />
          </Grid>
          <Grid item xs={12}>
            <PolicyCard policy={request.policy} />
          </Grid>
        </Grid>
        <Grid item xs={12} md={6}>
          <RequestTimeline events={events} runs={request.runs} />
        </Grid>
        <Grid item xs={12} md={6} container spacing={3}>
          <Grid item xs={12}>
            <RunsCard runs={request.runs} pullRequest={request.pullRequest} />
          </Grid>
          <Grid item xs={12}>
            <InputsCard inputs={request.inputs} />
          </Grid>
        </Grid>
      </Grid>
    </>
  );
}

/** The request named by the `:id` of the route. */
export function RequestDetailContent() {
  const { id = '' } = useParams();
  return <RequestDetail id={id} />;
}
