import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { allowOnly, renderTfpilot } from '../../../__testUtils__';
import {
  apiFor,
  APPROVER,
  blockedRequest,
} from '../../../__testUtils__/requestDetail';
import { RequestDetail } from './RequestDetailContent';

// A file of its own: Backstage caches the decision on tfpilot.admin (a
// permission without a resource) per test file, and the other tests deny it.
describe('RequestDetail for a TfPilot administrator', () => {
  jest.setTimeout(30_000);

  it('lets an administrator approve anyway, with a required reason', async () => {
    const request = blockedRequest();
    const api = apiFor(request);
    api.transition.mockResolvedValue({
      ...request,
      status: 'approved',
      revision: 5,
      policy: {
        ...request.policy!,
        bypass: {
          actor: 'user:default/admin',
          at: '2026-11-20T11:00:00.000Z',
          reason: 'Bucket is empty',
        },
      },
    });
    renderTfpilot(<RequestDetail id={request.id} />, {
      api,
      permission: allowOnly(...APPROVER, 'tfpilot.admin'),
    });
    const approve = await screen.findByRole('button', { name: 'Approve' });
    await waitFor(() => expect(approve).toBeEnabled());
    await userEvent.click(approve);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/would be deleted/)).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Approve' }),
    ).toBeDisabled();

    await userEvent.click(within(dialog).getByRole('checkbox'));
    const submit = within(dialog).getByRole('button', {
      name: 'Approve anyway',
    });
    expect(submit).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', {
        name: /Reason for approving anyway/,
      }),
      'Bucket is empty',
    );
    await userEvent.click(submit);
    expect(api.transition).toHaveBeenCalledWith(request.id, 'approve', {
      expectedRevision: 4,
      comment: 'Bucket is empty',
      bypassPolicy: true,
    });
    expect(await screen.findByTestId('policy-bypass')).toHaveTextContent(
      'Bucket is empty',
    );
  });
});
