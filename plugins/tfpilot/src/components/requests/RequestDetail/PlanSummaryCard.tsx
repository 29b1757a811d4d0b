import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  actionLabel,
  formatOutputValue,
  PlanChange,
  PlanCounts,
  PlanDrift,
  PlanOutput,
  planHeadline,
  StoredPlan,
} from '@tfpilot/backstage-plugin-tfpilot-common';

const useStyles = makeStyles(theme => ({
  counts: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
  destructive: {
    color: theme.palette.error.main,
    fontWeight: theme.typography.fontWeightBold as number,
  },
  section: { marginTop: theme.spacing(3) },
}));

const COUNT_LABELS: [keyof PlanCounts, string][] = [
  ['create', 'to create'],
  ['update', 'to update'],
  ['replace', 'to replace'],
  ['delete', 'to delete'],
  ['forget', 'to forget'],
  ['read', 'reads'],
  ['noop', 'unchanged'],
];

function PlanCountChips(props: { counts: PlanCounts }) {
  const classes = useStyles();
  return (
    <Box className={classes.counts} aria-label="Change counts">
      {COUNT_LABELS.filter(
        ([key]) => key !== 'forget' || props.counts.forget > 0,
      ).map(([key, label]) => {
        const value = props.counts[key];
        const destructive = (key === 'delete' || key === 'replace') && value;
        return (
          <Chip
            key={key}
            size="small"
            label={`${value} ${label}`}
            color={destructive ? 'secondary' : 'default'}
            variant={value ? 'default' : 'outlined'}
          />
        );
      })}
    </Box>
  );
}

/** Destructive changes first, then by address: what a reviewer must see first. */
export function sortChanges(changes: readonly PlanChange[]): PlanChange[] {
  return [...changes].sort((a, b) => {
    if (a.destructive !== b.destructive) return a.destructive ? -1 : 1;
    return a.address.localeCompare(b.address);
  });
}

function ChangesTable(props: { changes: PlanChange[]; omitted: number }) {
  const classes = useStyles();
  const columns: TableColumn<PlanChange>[] = [
    {
      title: 'Action',
      field: 'actions',
      render: change => (
        <span className={change.destructive ? classes.destructive : undefined}>
          {actionLabel(change.actions)}
          {change.destructive ? ' (destructive)' : ''}
        </span>
      ),
    },
    { title: 'Address', field: 'address' },
    { title: 'Type', field: 'type' },
    {
      title: 'Why',
      field: 'reasons',
      render: change => change.reasons.join('; ').replace(/_/g, ' '),
    },
  ];
  const rows = sortChanges(props.changes);
  return (
    <Table<PlanChange>
      title="Changes"
      subtitle={
        props.omitted > 0
          ? `${props.omitted} more not shown; the full plan is the run's plan.json`
          : undefined
      }
      columns={columns}
      data={rows}
      options={{
        search: rows.length > 10,
        paging: rows.length > 20,
        pageSize: 20,
        pageSizeOptions: [20, 50, 100],
        padding: 'dense',
        sorting: false,
        draggable: false,
        rowStyle: change =>
          change.destructive
            ? { backgroundColor: 'rgba(244, 67, 54, 0.08)' }
            : {},
      }}
    />
  );
}

function DriftList(props: { drift: PlanDrift[]; omitted: number }) {
  const classes = useStyles();
  return (
    <Box className={classes.section}>
      <Typography variant="h6">Drift</Typography>
      <Typography variant="body2" color="textSecondary">
        Changed outside Terraform since the last apply.
      </Typography>
      <ul>
        {props.drift.map(entry => (
          <li key={entry.address}>
            <code>{entry.address}</code> {actionLabel(entry.actions)}
            {entry.attributes?.length
              ? ` (${entry.attributes.join(', ')})`
              : ''}
          </li>
        ))}
      </ul>
      {props.omitted > 0 && (
        <Typography variant="body2">{props.omitted} more not shown</Typography>
      )}
    </Box>
  );
}

function OutputList(props: { outputs: PlanOutput[]; omitted: number }) {
  const classes = useStyles();
  return (
    <Box className={classes.section}>
      <Typography variant="h6">Outputs</Typography>
      <ul>
        {props.outputs.map(output => (
          <li key={output.name}>
            <code>{output.name}</code> ={' '}
            <code>{formatOutputValue(output)}</code>
          </li>
        ))}
      </ul>
      {props.omitted > 0 && (
        <Typography variant="body2">{props.omitted} more not shown</Typography>
      )}
    </Box>
  );
}

/**
 * The latest plan: counts, the changes with destructive ones first and
 * highlighted, drift and outputs, and how many were left out of the
 * request (`plan.omitted`).
 */
export function PlanSummaryCard(props: {
  plan?: StoredPlan;
  planning: boolean;
}) {
  const { plan, planning } = props;
  if (!plan) {
    return (
      <InfoCard title="Plan">
        <Typography variant="body2" color="textSecondary">
          {planning
            ? 'The plan is running; its summary appears here when it finishes.'
            : 'No plan yet. A plan shows what Terraform would change before anything is changed.'}
        </Typography>
      </InfoCard>
    );
  }
  const { summary, omitted } = plan;
  const destructive = summary.changes.filter(c => c.destructive).length;
  return (
    <InfoCard
      title="Plan"
      subheader={`Run ${plan.runId} · Terraform ${
        summary.terraformVersion ?? '(version not recorded)'
      }`}
    >
      {summary.errored && (
        <Box mb={2}>
          <Alert severity="error">
            Terraform stopped before the plan was complete: the changes below
            are incomplete and the plan cannot be applied.
          </Alert>
        </Box>
      )}
      <Typography variant="subtitle1" gutterBottom>
        {planHeadline(summary)}
      </Typography>
      <PlanCountChips counts={summary.counts} />
      {destructive > 0 && (
        <Box mt={2}>
          <Alert severity="warning">
            {destructive} destructive change(s): existing infrastructure is
            deleted or replaced.
          </Alert>
        </Box>
      )}
      <Box mt={2}>
        {summary.changes.length > 0 ? (
          <ChangesTable changes={summary.changes} omitted={omitted.changes} />
        ) : (
          <Typography variant="body2">No changes to resources.</Typography>
        )}
      </Box>
      {(summary.drift.length > 0 || omitted.drift > 0) && (
        <DriftList drift={summary.drift} omitted={omitted.drift} />
      )}
      {(summary.outputs.length > 0 || omitted.outputs > 0) && (
        <OutputList outputs={summary.outputs} omitted={omitted.outputs} />
      )}
    </InfoCard>
  );
}
