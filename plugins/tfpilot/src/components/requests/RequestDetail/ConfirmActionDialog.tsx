import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import { useState } from 'react';
import { tfpilotApiRef } from '../../../api/TfpilotApi';
import { ActionName, approvalBlockers } from '../../../hooks/requestActions';
import { ApiErrorPanel, statusCodeOf } from '../../common/ApiErrorPanel';
import { describeAction } from './describeAction';

const COMMENT_MAX = 2000;

function BypassSection(props: {
  request: TfRequest;
  bypass: boolean;
  onBypass: (value: boolean) => void;
}) {
  const blockers = approvalBlockers(props.request);
  return (
    <Box mt={2}>
      <Alert severity="error">
        {blockers.length} blocking policy finding(s):
        <ul>
          {blockers.map((finding, i) => (
            <li key={`${finding.ruleId}-${i}`}>
              <strong>{finding.ruleId}</strong>: {finding.message}
            </li>
          ))}
        </ul>
      </Alert>
      <FormControlLabel
        control={
          <Checkbox
            checked={props.bypass}
            onChange={e => props.onBypass(e.target.checked)}
          />
        }
        label="Approve anyway (administrators only; recorded and audited)"
      />
    </Box>
  );
}

/**
 * Asks before an action and says what it will do (for apply and destroy the
 * change counts and the cost difference); an approval blocked by policy
 * offers administrators "approve anyway" with a required reason. Sends the
 * request's revision so a change made meanwhile is refused (409), not
 * overwritten.
 */
export function ConfirmActionDialog(props: {
  request: TfRequest;
  action: ActionName;
  isAdmin: boolean;
  onClose: () => void;
  onDone: (result: TfRequest) => void;
  onConflict: () => void;
}) {
  const { request, action, isAdmin, onClose, onDone, onConflict } = props;
  const api = useApi(tfpilotApiRef);
  const description = describeAction(request, action);
  const [comment, setComment] = useState('');
  const [bypass, setBypass] = useState(false);
  const [confirmation, setConfirmation] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const blocked = action === 'approve' && approvalBlockers(request).length > 0;
  const needsReason = blocked && bypass;
  const needsTyping = action === 'destroy';
  const canSubmit =
    !busy &&
    (!blocked || (isAdmin && bypass)) &&
    (!needsReason || comment.trim().length > 0) &&
    (!needsTyping || confirmation.trim() === request.module.name);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const trimmed = comment.trim();
      const result =
        action === 'promote'
          ? await api.promote(request.id, {
              expectedRevision: request.revision,
            })
          : await api.transition(request.id, action, {
              expectedRevision: request.revision,
              ...(trimmed ? { comment: trimmed } : {}),
              ...(needsReason ? { bypassPolicy: true } : {}),
            });
      onDone(result);
    } catch (e) {
      setError(e as Error);
      if (statusCodeOf(e as Error) === 409) onConflict();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="sm">
      <DialogTitle>{description.title}</DialogTitle>
      <DialogContent>
        {description.lines.map(line => (
          <Typography key={line} variant="body1" paragraph>
            {line}
          </Typography>
        ))}
        {description.warnings.map(warning => (
          <Box key={warning} mb={1}>
            <Alert severity="warning">{warning}</Alert>
          </Box>
        ))}
        {blocked && isAdmin && (
          <BypassSection
            request={request}
            bypass={bypass}
            onBypass={setBypass}
          />
        )}
        {action !== 'promote' && (
          <TextField
            id="tfpilot-action-comment"
            label={needsReason ? 'Reason for approving anyway' : 'Comment'}
            helperText={
              needsReason
                ? 'Required; kept with the approval and in the audit log.'
                : 'Optional; kept in the request history.'
            }
            required={needsReason}
            value={comment}
            onChange={e => setComment(e.target.value.slice(0, COMMENT_MAX))}
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            variant="outlined"
          />
        )}
        {needsTyping && (
          <TextField
            id="tfpilot-action-confirmation"
            label={`Type ${request.module.name} to confirm`}
            value={confirmation}
            onChange={e => setConfirmation(e.target.value)}
            fullWidth
            margin="normal"
            variant="outlined"
          />
        )}
        {error && (
          <Box mt={2}>
            <ApiErrorPanel title={`Could not ${action}`} error={error} />
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Back
        </Button>
        <Button
          onClick={submit}
          disabled={!canSubmit}
          color={action === 'destroy' ? 'secondary' : 'primary'}
          variant="contained"
          startIcon={busy ? <CircularProgress size={16} /> : undefined}
        >
          {needsReason ? 'Approve anyway' : description.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
