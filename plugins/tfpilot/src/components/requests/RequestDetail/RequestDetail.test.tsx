import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  allowOnly,
  fakeSignals,
  mockTfpilotApi,
  realPlan,
  renderTfpilot,
  responseError,
} from '../../../__testUtils__';
import {
  apiFor,
  APPROVER,
  blockedRequest,
  history,
  planRun,
  plannedRequest,
} from '../../../__testUtils__/requestDetail';
import { POLL_WITHOUT_SIGNALS_MS } from '../../../hooks/liveUpdates';
import { REQUEST_SIGNAL_CHANNEL } from '../../../hooks/useRequestSignal';
import { RequestDetail } from './RequestDetailContent';

describe('RequestDetail', () => {
  jest.setTimeout(30_000);

  it('shows what the request is, its plan with destructive changes first, cost, policies, runs and history', async () => {
    const request = plannedRequest();
    renderTfpilot(<RequestDetail id={request.id} />, {
      api: apiFor(request),
      permission: allowOnly(...APPROVER),
    });

    expect(
      await screen.findByRole('heading', { name: 'object-bucket@1.2.0' }),
    ).toBeInTheDocument();
    const header = screen.getByRole('region', { name: 'Request' });
    expect(within(header).getByText('awaiting approval')).toBeInTheDocument();
    expect(within(header).getByText('dev')).toBeInTheDocument();
    expect(within(header).getByText(/checkout/)).toBeInTheDocument();

    // Plan: headline, counts, destructive change first and marked.
    expect(
      screen.getByText(
        'Plan: 1 to create, 1 to update, 0 to replace, 1 to delete (0 reads, 1 unchanged)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/1 destructive change/)).toBeInTheDocument();
    const rows = screen
      .getAllByText(/^aws_s3_bucket\./)
      .filter(cell => cell.closest('tr'))
      .map(cell => cell.textContent);
    expect(rows[0]).toBe('aws_s3_bucket.delete_bucket');
    expect(screen.getByText('delete (destructive)')).toBeInTheDocument();
    // Drift from the same real plan.
    expect(screen.getByText('aws_s3_bucket.noop_bucket')).toBeInTheDocument();

    // Cost before/after/diff from the real infracost file.
    expect(screen.getByText('$2,045.92')).toBeInTheDocument();
    expect(screen.getByText('$1,303.28')).toBeInTheDocument();
    expect(screen.getByText('−$742.64')).toBeInTheDocument();

    // Policy finding with its remediation.
    expect(screen.getByText(/Monthly cost rises/)).toBeInTheDocument();
    expect(screen.getByText('smaller')).toBeInTheDocument();

    // Runs and pull request link to GitHub.
    expect(
      screen.getByRole('link', { name: /pull request #42/ }),
    ).toHaveAttribute('href', 'https://github.com/acme/infra-live/pull/42');
    expect(
      screen.getAllByRole('link', { name: /run-plan-1/ })[0],
    ).toHaveAttribute('href', planRun.url);

    // Timeline from the events: what, who, which run.
    const entries = await screen.findAllByTestId('timeline-event');
    expect(entries).toHaveLength(4);
    expect(within(entries[2]).getByText('Planned')).toBeInTheDocument();
    expect(within(entries[2]).getByText('github executor')).toBeInTheDocument();
    expect(
      within(entries[3]).getByText('Waiting for approval'),
    ).toBeInTheDocument();
  });

  it('says how many changes were left out of the request', async () => {
    const plan = realPlan();
    const request = plannedRequest({
      plan: { ...plan, omitted: { changes: 1234, drift: 0, outputs: 0 } },
    });
    renderTfpilot(<RequestDetail id={request.id} />, {
      api: apiFor(request),
    });
    expect(await screen.findByText(/1234 more not shown/)).toBeInTheDocument();
  });

  it('shows a viewer the approval disabled, saying which permission is missing', async () => {
    const request = plannedRequest();
    renderTfpilot(<RequestDetail id={request.id} />, {
      api: apiFor(request),
      permission: allowOnly('tfpilot.request.read'),
    });
    const approve = await screen.findByTestId('action-approve');
    await waitFor(() =>
      expect(approve).toHaveAttribute(
        'title',
        expect.stringContaining('tfpilot.request.approve'),
      ),
    );
    expect(within(approve).getByRole('button')).toBeDisabled();
    expect(
      screen.getByText('Your role can read this request but not change it.'),
    ).toBeInTheDocument();
    // Only what the lifecycle allows from awaiting_approval is offered.
    expect(screen.queryByRole('button', { name: 'Apply' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Destroy' })).toBeNull();
  });

  it('lets an approver approve, after a dialog that names what is approved, sending the revision', async () => {
    const request = plannedRequest();
    const api = apiFor(request);
    const approved = { ...request, status: 'approved' as const, revision: 5 };
    api.transition.mockResolvedValue(approved);
    renderTfpilot(<RequestDetail id={request.id} />, {
      api,
      permission: allowOnly(...APPROVER),
    });

    const approve = await screen.findByRole('button', { name: 'Approve' });
    await waitFor(() => expect(approve).toBeEnabled());
    await userEvent.click(approve);

    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Approve object-bucket@1.2.0 in dev'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        /1 to create, 1 to update, 0 to replace, 1 to delete/,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        /\$2,045\.92 → \$1,303\.28 a month \(−\$742\.64\)/,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        '1 existing resource(s) will be deleted or replaced.',
      ),
    ).toBeInTheDocument();

    await userEvent.type(within(dialog).getByLabelText('Comment'), 'LGTM');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );

    expect(api.transition).toHaveBeenCalledWith(request.id, 'approve', {
      expectedRevision: 4,
      comment: 'LGTM',
    });
    await waitFor(() =>
      expect(
        within(screen.getByRole('region', { name: 'Request' })).getByText(
          'approved',
        ),
      ).toBeInTheDocument(),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('names the change counts and the cost difference before an apply', async () => {
    const request = plannedRequest({ status: 'approved', revision: 5 });
    const api = apiFor(request);
    renderTfpilot(<RequestDetail id={request.id} />, {
      api,
      permission: allowOnly(...APPROVER),
    });
    const apply = await screen.findByRole('button', { name: 'Apply' });
    await waitFor(() => expect(apply).toBeEnabled());
    await userEvent.click(apply);
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        'Changes the infrastructure as planned: 1 to create, 1 to update, 0 to replace, 1 to delete.',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/Monthly cost: \$2,045\.92 → \$1,303\.28/),
    ).toBeInTheDocument();
  });

  it('asks to type the module name before a destroy', async () => {
    const request = plannedRequest({ status: 'applied', revision: 8 });
    const api = apiFor(request);
    api.transition.mockResolvedValue({
      ...request,
      status: 'destroying',
      revision: 9,
    });
    renderTfpilot(<RequestDetail id={request.id} />, {
      api,
      permission: allowOnly('tfpilot.request.destroy'),
    });
    const destroy = await screen.findByRole('button', { name: 'Destroy' });
    await waitFor(() => expect(destroy).toBeEnabled());
    await userEvent.click(destroy);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/cannot be undone/)).toBeInTheDocument();
    expect(
      within(dialog).getByText(/\$1,303\.28 → \$0\.00 \(−\$1,303\.28\)/),
    ).toBeInTheDocument();
    const confirm = within(dialog).getByRole('button', { name: 'Destroy' });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText('Type object-bucket to confirm'),
      'object-bucket',
    );
    await userEvent.click(confirm);
    expect(api.transition).toHaveBeenCalledWith(request.id, 'destroy', {
      expectedRevision: 8,
    });
  });

  describe('an approval blocked by policy', () => {
    it('is disabled for an approver who is not an administrator', async () => {
      const request = blockedRequest();
      renderTfpilot(<RequestDetail id={request.id} />, {
        api: apiFor(request),
        permission: allowOnly(...APPROVER),
      });
      const approve = await screen.findByTestId('action-approve');
      await waitFor(() =>
        expect(approve).toHaveAttribute(
          'title',
          expect.stringContaining('blocking policy finding'),
        ),
      );
      expect(screen.getByText(/1 blocking finding/)).toBeInTheDocument();
    });
  });

  it('shows a refused action in the dialog and reloads the request on a conflict', async () => {
    const request = plannedRequest();
    const api = apiFor(request);
    api.transition.mockRejectedValue(
      await responseError(
        409,
        `Request ${request.id} is at revision 5, not 4`,
        'ConflictError',
      ),
    );
    renderTfpilot(<RequestDetail id={request.id} />, {
      api,
      permission: allowOnly(...APPROVER),
    });
    const approve = await screen.findByRole('button', { name: 'Approve' });
    await waitFor(() => expect(approve).toBeEnabled());
    await userEvent.click(approve);
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    expect(
      await within(dialog).findByRole('alert', { name: 'Could not approve' }),
    ).toHaveTextContent(/It changed in the meantime/);
    expect(api.getRequest).toHaveBeenCalledTimes(2);
  });

  it('follows a running apply: the run, its elapsed time, and a refetch when signalled', async () => {
    const signals = fakeSignals();
    const running = plannedRequest({
      status: 'applying',
      revision: 6,
      runs: [
        planRun,
        {
          runId: 'run-apply-1',
          operation: 'apply',
          status: 'running',
          executor: 'github',
          startedAt: new Date(Date.now() - 65_000).toISOString(),
          url: 'https://github.com/acme/infra-live/actions/runs/2',
        },
      ],
    });
    const api = apiFor(running);
    const request = running;
    renderTfpilot(<RequestDetail id={request.id} />, { api, signals });

    const run = await screen.findByTestId('running-run');
    expect(run).toHaveTextContent(
      /apply run run-apply-1 on github running for 1m 0\ds/,
    );
    expect(within(run).getByRole('progressbar')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      'A run is in progress; this page updates as it moves on.',
    );

    api.getRequest.mockResolvedValue({
      ...running,
      status: 'applied',
      revision: 7,
      runs: [
        planRun,
        {
          ...running.runs[1],
          status: 'succeeded',
          finishedAt: new Date().toISOString(),
        },
      ],
    });
    act(() =>
      signals.emit(REQUEST_SIGNAL_CHANNEL, {
        requestId: request.id,
        revision: 7,
        status: 'applied',
      }),
    );
    await waitFor(() => expect(screen.queryByTestId('running-run')).toBeNull());
    expect(
      within(screen.getByRole('region', { name: 'Request' })).getByText(
        'applied',
      ),
    ).toBeInTheDocument();
    // The history is read again for the new revision.
    expect(api.listEvents).toHaveBeenCalledTimes(2);
  });

  it('polls while a run is in flight when the app has no signals', async () => {
    jest.useFakeTimers();
    try {
      const running = plannedRequest({ status: 'planning', revision: 2 });
      const api = apiFor(running);
      const request = running;
      renderTfpilot(<RequestDetail id={request.id} />, { api });
      await act(async () => {});
      await act(async () => {});
      expect(api.getRequest).toHaveBeenCalledTimes(1);
      expect(screen.getByRole('status')).toHaveTextContent(
        'refreshes every 4 seconds',
      );
      await act(async () => {
        jest.advanceTimersByTime(POLL_WITHOUT_SIGNALS_MS);
      });
      expect(api.getRequest).toHaveBeenCalledTimes(2);

      api.getRequest.mockResolvedValue({
        ...running,
        status: 'awaiting_approval',
        revision: 4,
      });
      await act(async () => {
        jest.advanceTimersByTime(POLL_WITHOUT_SIGNALS_MS);
      });
      await act(async () => {
        jest.advanceTimersByTime(POLL_WITHOUT_SIGNALS_MS * 3);
      });
      // Nothing in flight any more: polling stopped.
      expect(api.getRequest).toHaveBeenCalledTimes(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('says what failed when the request cannot be read, and retries', async () => {
    const request = plannedRequest();
    const api = mockTfpilotApi({
      getRequest: jest
        .fn()
        .mockRejectedValueOnce(
          await responseError(404, `No request ${request.id}`, 'NotFoundError'),
        )
        .mockResolvedValue(request),
      listEvents: jest.fn(async () => ({ items: history })),
    });
    renderTfpilot(<RequestDetail id={request.id} />, { api });
    const alert = await screen.findByRole('alert', {
      name: `Could not load request ${request.id}`,
    });
    expect(alert).toHaveTextContent(/does not exist/);
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('heading', { name: 'object-bucket@1.2.0' }),
    ).toBeInTheDocument();
  });
});
