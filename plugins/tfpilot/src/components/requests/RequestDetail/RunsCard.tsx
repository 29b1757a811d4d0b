import { InfoCard, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  RequestRun,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { useEffect, useState } from 'react';
import {
  StatusError,
  StatusOK,
  StatusRunning,
} from '@backstage/core-components';
import { formatDuration } from '../../common/time';
import { Timestamp } from '../../common/Timestamp';

/** The current time, once a second while `active`. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function RunStatus(props: { run: RequestRun }) {
  const { status } = props.run;
  if (status === 'running') return <StatusRunning>running</StatusRunning>;
  if (status === 'failed') return <StatusError>failed</StatusError>;
  return <StatusOK>succeeded</StatusOK>;
}

function duration(run: RequestRun, now: number): string {
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return formatDuration((end - Date.parse(run.startedAt)) / 1000);
}

/** The run in flight: what runs, since when, and a progress bar. */
export function RunningRun(props: { run: RequestRun; now: number }) {
  const { run, now } = props;
  return (
    <Box mb={2} data-testid="running-run">
      <Typography variant="body1">
        {run.operation} run <code>{run.runId}</code> on {run.executor} running
        for {duration(run, now)}
        {run.url && (
          <>
            {' · '}
            <Link to={run.url}>follow it</Link>
          </>
        )}
      </Typography>
      <LinearProgress aria-label={`${run.operation} in progress`} />
    </Box>
  );
}

/** Every run of the request, newest first, with links to the executor and the pull request. */
export function RunsCard(props: {
  runs: RequestRun[];
  pullRequest?: TfRequest['pullRequest'];
}) {
  const { runs, pullRequest } = props;
  const running = runs.filter(run => run.status === 'running');
  const now = useNow(running.length > 0);
  const newestFirst = [...runs].reverse();
  return (
    <InfoCard title="Runs">
      {pullRequest && (
        <Typography variant="body1" gutterBottom>
          Code under review in{' '}
          <Link to={pullRequest.url}>pull request #{pullRequest.number}</Link>
        </Typography>
      )}
      {running.map(run => (
        <RunningRun key={run.runId} run={run} now={now} />
      ))}
      {runs.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No runs yet.
        </Typography>
      ) : (
        <Box overflow="auto">
          <Table
            size="small"
            aria-label="Runs"
            style={{ whiteSpace: 'nowrap' }}
          >
            <TableHead>
              <TableRow>
                <TableCell>Operation</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Started</TableCell>
                <TableCell>Took</TableCell>
                <TableCell>Run</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {newestFirst.map(run => (
                <TableRow key={run.runId}>
                  <TableCell>{run.operation}</TableCell>
                  <TableCell>
                    <RunStatus run={run} />
                    {run.message && (
                      <Typography
                        variant="caption"
                        display="block"
                        style={{ whiteSpace: 'normal' }}
                      >
                        {run.message}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    <Timestamp at={run.startedAt} />
                  </TableCell>
                  <TableCell>{duration(run, now)}</TableCell>
                  <TableCell>
                    {run.url ? (
                      <Link to={run.url}>{run.runId}</Link>
                    ) : (
                      <code>{run.runId}</code>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </InfoCard>
  );
}
