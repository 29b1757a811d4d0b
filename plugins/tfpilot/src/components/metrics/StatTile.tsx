import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';

/** One headline figure. */
export function StatTile(props: {
  label: string;
  value: string;
  hint?: string;
}) {
  return (
    <Paper variant="outlined" style={{ padding: 16, height: '100%' }}>
      <Typography variant="overline" color="textSecondary" component="h3">
        {props.label}
      </Typography>
      <Typography variant="h4" component="p">
        {props.value}
      </Typography>
      {props.hint && (
        <Typography variant="caption" color="textSecondary">
          {props.hint}
        </Typography>
      )}
    </Paper>
  );
}
