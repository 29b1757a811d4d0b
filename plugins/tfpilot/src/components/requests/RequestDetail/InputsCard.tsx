import { InfoCard } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';

/** The module's input values, one row per variable. */
export function InputsCard(props: { inputs: Record<string, unknown> }) {
  const entries = Object.entries(props.inputs).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  return (
    <InfoCard title="Inputs">
      {entries.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No inputs: the module's defaults apply.
        </Typography>
      ) : (
        <Table size="small" aria-label="Inputs">
          <TableBody>
            {entries.map(([name, value]) => (
              <TableRow key={name}>
                <TableCell component="th" scope="row">
                  <code>{name}</code>
                </TableCell>
                <TableCell>
                  <code style={{ wordBreak: 'break-all' }}>
                    {JSON.stringify(value)}
                  </code>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
