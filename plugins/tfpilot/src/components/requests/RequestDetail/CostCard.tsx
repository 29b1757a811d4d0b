import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  formatMoney,
  formatMoneyDiff,
  StoredCost,
} from '@tfpilot/backstage-plugin-tfpilot-common';

const useStyles = makeStyles(theme => ({
  figures: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(120px, 1fr))',
    gap: theme.spacing(2),
  },
  increase: { color: theme.palette.error.main },
  decrease: { color: theme.palette.success.main },
}));

function Figure(props: { label: string; value: string; className?: string }) {
  return (
    <Box>
      <Typography variant="overline" color="textSecondary">
        {props.label}
      </Typography>
      <Typography
        variant="h6"
        component="p"
        className={props.className}
        style={{ whiteSpace: 'nowrap' }}
      >
        {props.value}
      </Typography>
    </Box>
  );
}

/** The monthly cost before and after the planned change, and the difference. */
export function CostCard(props: { cost?: StoredCost }) {
  const classes = useStyles();
  const { cost } = props;
  if (!cost) {
    return (
      <InfoCard title="Monthly cost">
        <Typography variant="body2" color="textSecondary">
          No cost estimate: the latest plan was not priced (or there is no plan
          yet).
        </Typography>
      </InfoCard>
    );
  }
  const { summary } = cost;
  const diff = summary.diffTotalMonthlyCost;
  let diffClass: string | undefined;
  if (diff !== null && diff > 0) diffClass = classes.increase;
  else if (diff !== null && diff < 0) diffClass = classes.decrease;
  const errors = summary.projects.flatMap(p =>
    p.errors.map(message => `${p.name}: ${message}`),
  );
  return (
    <InfoCard title="Monthly cost" subheader={`Estimate of run ${cost.runId}`}>
      <Box className={classes.figures}>
        <Figure
          label="Before"
          value={formatMoney(summary.pastTotalMonthlyCost, summary.currency)}
        />
        <Figure
          label="After"
          value={formatMoney(summary.totalMonthlyCost, summary.currency)}
        />
        <Figure
          label="Change"
          value={formatMoneyDiff(diff, summary.currency)}
          className={diffClass}
        />
      </Box>
      {errors.length > 0 && (
        <Box mt={2}>
          <Alert severity="warning">
            Some resources could not be priced: {errors.join('; ')}
          </Alert>
        </Box>
      )}
    </InfoCard>
  );
}
