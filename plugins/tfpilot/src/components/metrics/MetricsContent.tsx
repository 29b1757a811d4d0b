import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import { useTheme } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  Metrics,
  MetricsFigures,
  REQUEST_STATES,
  RequestState,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { tfpilotApiRef } from '../../api/TfpilotApi';
import { ApiErrorPanel } from '../common/ApiErrorPanel';
import { IN_PROGRESS_STATES, statusLabel } from '../common/RequestStatus';
import { BarChart } from './BarChart';
import { formatApplyTime, formatRate } from './format';
import { StatTile } from './StatTile';

const FAILED: readonly RequestState[] = [
  'rejected',
  'plan_failed',
  'apply_failed',
  'destroy_failed',
];
const DONE: readonly RequestState[] = ['applied', 'destroyed'];

function useStatusColor(): (status: RequestState) => string {
  const { palette } = useTheme();
  return status => {
    if (FAILED.includes(status)) return palette.error.main;
    if (DONE.includes(status)) return palette.success.main;
    if (IN_PROGRESS_STATES.includes(status)) return palette.info.main;
    if (status === 'awaiting_approval') return palette.warning.main;
    return palette.grey[500];
  };
}

function count(figures: MetricsFigures, states: readonly RequestState[]) {
  return states.reduce((sum, s) => sum + (figures.byStatus[s] ?? 0), 0);
}

function SliceTable(props: {
  title: string;
  slices: Record<string, MetricsFigures>;
}) {
  const rows = Object.entries(props.slices).sort(
    ([, a], [, b]) => b.totalRequests - a.totalRequests,
  );
  return (
    <InfoCard title={props.title}>
      <BarChart
        title={`${props.title}: requests`}
        bars={rows.map(([name, f]) => ({
          label: name,
          value: f.totalRequests,
        }))}
      />
      <Table size="small" aria-label={props.title}>
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell align="right">Requests</TableCell>
            <TableCell align="right">Success rate</TableCell>
            <TableCell align="right">Avg. apply</TableCell>
            <TableCell align="right">Failures</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(([name, f]) => (
            <TableRow key={name}>
              <TableCell component="th" scope="row">
                {name}
              </TableCell>
              <TableCell align="right">
                {f.totalRequests.toLocaleString('en-US')}
              </TableCell>
              <TableCell align="right">{formatRate(f.successRate)}</TableCell>
              <TableCell align="right">
                {formatApplyTime(f.averageApplySeconds)}
              </TableCell>
              <TableCell align="right">{f.failures}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}

/** The dashboard itself, for figures already loaded. */
export function MetricsView(props: { metrics: Metrics }) {
  const { metrics } = props;
  const statusColor = useStatusColor();
  const statusBars = REQUEST_STATES.filter(
    s => (metrics.byStatus[s] ?? 0) > 0,
  ).map(s => ({
    label: statusLabel(s),
    value: metrics.byStatus[s] ?? 0,
    color: statusColor(s),
  }));
  const rateBars = Object.entries(metrics.byEnvironment)
    .filter(([, f]) => f.successRate !== null)
    .map(([name, f]) => ({ label: name, value: (f.successRate ?? 0) * 100 }));
  return (
    <Grid container spacing={3}>
      <Grid item xs={6} md={2}>
        <StatTile
          label="Requests"
          value={metrics.totalRequests.toLocaleString('en-US')}
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <StatTile
          label="Success rate"
          value={formatRate(metrics.successRate)}
          hint="Successful applies of all finished applies"
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <StatTile
          label="Avg. apply time"
          value={formatApplyTime(metrics.averageApplySeconds)}
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <StatTile
          label="Failures"
          value={metrics.failures.toLocaleString('en-US')}
          hint="Rejected or failed plan, apply, destroy"
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <StatTile
          label="In progress"
          value={count(metrics, IN_PROGRESS_STATES).toLocaleString('en-US')}
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <StatTile
          label="Awaiting approval"
          value={count(metrics, ['awaiting_approval']).toLocaleString('en-US')}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Requests by status">
          <BarChart title="Requests by status" bars={statusBars} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Apply success rate by environment">
          {rateBars.length ? (
            <BarChart
              title="Apply success rate by environment"
              bars={rateBars}
              max={100}
              formatValue={v => `${v.toFixed(1)} %`}
            />
          ) : (
            <Typography variant="body2" color="textSecondary">
              No apply has finished yet.
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <SliceTable title="By environment" slices={metrics.byEnvironment} />
      </Grid>
      <Grid item xs={12} md={6}>
        <SliceTable title="By module" slices={metrics.byModule} />
      </Grid>
    </Grid>
  );
}

/** TfPilot's figures (`GET /metrics`): totals, success, apply time, by environment and module. */
export function MetricsContent() {
  const api = useApi(tfpilotApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getMetrics(),
    [api],
  );
  if (loading && !value) return <Progress />;
  if (error) {
    return (
      <ApiErrorPanel
        title="Could not load the metrics"
        error={error}
        onRetry={retry}
      />
    );
  }
  if (!value || value.totalRequests === 0) {
    return (
      <EmptyState
        missing="data"
        title="No requests yet"
        description="Figures appear here once requests have been made."
      />
    );
  }
  return <MetricsView metrics={value} />;
}
