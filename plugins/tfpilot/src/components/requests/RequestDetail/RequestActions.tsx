import {
  alertApiRef,
  toastApiRef,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import { useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ACTION_LABELS, ActionName } from '../../../hooks/requestActions';
import { useRequestActions } from '../../../hooks/useRequestActions';
import { requestRouteRef } from '../../../routes';
import { ConfirmActionDialog } from './ConfirmActionDialog';

/** Ways out, shown less prominently than the way forward. */
const OUTLINED: readonly ActionName[] = ['cancel', 'destroy', 'plan'];

const DONE: Record<ActionName, string> = {
  plan: 'Plan started',
  approve: 'Request approved',
  apply: 'Apply started',
  destroy: 'Destroy started',
  cancel: 'Request cancelled',
  promote: 'Promoted: this is the new request',
};

/**
 * A success message: a toast where the app has the toast API (new frontend
 * system), else the alert API (legacy apps).
 */
function useNotify(): (title: string) => void {
  const apis = useApiHolder();
  const toastApi = apis.get(toastApiRef);
  const alertApi = apis.get(alertApiRef);
  return title => {
    if (toastApi) toastApi.post({ title, status: 'success', timeout: 5000 });
    else
      alertApi?.post({
        message: title,
        severity: 'success',
        display: 'transient',
      });
  };
}

/**
 * The actions the lifecycle allows now; each enabled when the permission
 * policy allows it on this request, otherwise disabled with a tooltip that
 * names the missing permission.
 */
export function RequestActions(props: {
  request: TfRequest;
  onChanged: (request: TfRequest) => void;
  onConflict: () => void;
}) {
  const { request, onChanged, onConflict } = props;
  const { actions, isAdmin } = useRequestActions(request);
  const [open, setOpen] = useState<ActionName>();
  const notify = useNotify();
  const navigate = useNavigate();
  const requestLink = useRouteRef(requestRouteRef);

  if (actions.length === 0) return null;

  const done = (action: ActionName, result: TfRequest) => {
    setOpen(undefined);
    notify(DONE[action]);
    if (action === 'promote') navigate(requestLink({ id: result.id }));
    else onChanged(result);
  };

  return (
    <Box
      display="flex"
      flexWrap="wrap"
      justifyContent="flex-end"
      style={{ gap: 8 }}
      aria-label="Actions"
    >
      {actions.map(({ action, disabled, reason }) => {
        const button = (
          <Button
            variant={OUTLINED.includes(action) ? 'outlined' : 'contained'}
            color={action === 'destroy' ? 'secondary' : 'primary'}
            disabled={disabled}
            onClick={() => setOpen(action)}
          >
            {ACTION_LABELS[action]}
          </Button>
        );
        // Always inside a tooltip, so the button keeps its place in the DOM
        // when a decision arrives; an empty title shows nothing.
        return (
          <Tooltip key={action} title={reason ?? ''}>
            {/* A disabled button fires no events: the span carries the tooltip. */}
            <span data-testid={`action-${action}`}>{button}</span>
          </Tooltip>
        );
      })}
      {actions.every(a => a.denied) && (
        <Typography
          variant="caption"
          color="textSecondary"
          style={{ flexBasis: '100%', textAlign: 'right' }}
        >
          Your role can read this request but not change it.
        </Typography>
      )}
      {open && (
        <ConfirmActionDialog
          request={request}
          action={open}
          isAdmin={isAdmin}
          onClose={() => setOpen(undefined)}
          onDone={result => done(open, result)}
          onConflict={onConflict}
        />
      )}
    </Box>
  );
}
