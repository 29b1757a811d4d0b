import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';

/** The HTTP status of a failed call, when the error carries one. */
export function statusCodeOf(error: Error): number | undefined {
  const code = (error as Partial<{ statusCode: unknown }>).statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** What a person can do about a failed call, by its status. */
export function remedyFor(error: Error): string {
  switch (statusCodeOf(error)) {
    case undefined:
      return 'The TfPilot backend could not be reached. Check that it is running, then retry.';
    case 400:
      return 'The backend refused the request as invalid; the message above names the field at fault.';
    case 401:
      return 'Your session has expired. Sign in again, then retry.';
    case 403:
      return 'You do not have permission for this. Ask a TfPilot administrator for the role you need.';
    case 404:
      return 'It does not exist, or it was removed. Check the link.';
    case 409:
      return 'It changed in the meantime. Reload to see its current state, then try again.';
    default:
      return 'The TfPilot backend failed. Retry in a moment; if it keeps failing, tell your platform team.';
  }
}

/**
 * A failed API call: what failed (`title`), Backstage's error panel with the
 * backend's message, what to do about it, and a retry button.
 */
export function ApiErrorPanel(props: {
  title: string;
  error: Error;
  onRetry?: () => void;
}) {
  const { title, error, onRetry } = props;
  return (
    <Box role="alert" aria-label={title}>
      <ResponseErrorPanel title={title} error={error} />
      <Box display="flex" alignItems="center" mt={1} style={{ gap: 16 }}>
        <Typography variant="body2" color="textSecondary">
          {remedyFor(error)}
        </Typography>
        {onRetry && (
          <Button variant="outlined" color="primary" onClick={onRetry}>
            Retry
          </Button>
        )}
      </Box>
    </Box>
  );
}
