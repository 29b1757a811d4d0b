import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityTfpilotContent } from '../../entity';
import objectBucket from '../modules/__fixtures__/object-bucket-1.0.0.json';
import {
  checkoutEntity,
  fakeTfpilotApi,
  makeDrift,
  makeRequest,
} from './__testUtils__/requests';
import { renderForEntity } from './__testUtils__/render';

describe('EntityTfpilotContent for an entity that owns requests', () => {
  it('lists its requests with links, and its cost and drift', async () => {
    const applied = makeRequest({
      status: 'applied',
      updatedAt: '2024-05-01T10:00:00.000Z',
      cost: { total: 20, diff: 20 },
    });
    const failed = makeRequest({
      status: 'plan_failed',
      updatedAt: '2024-05-02T10:00:00.000Z',
      module: 'postgres-database',
      environment: 'prod',
    });
    const api = fakeTfpilotApi({
      requests: [failed, applied],
      drift: [makeDrift(applied, 'in_sync')],
    });
    await renderForEntity(<EntityTfpilotContent />, { api });

    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(
      within(rows[1]).getByRole('link', { name: failed.id }),
    ).toHaveAttribute('href', `/tfpilot/requests/${failed.id}`);
    expect(rows[1]).toHaveTextContent('postgres-database@1.0.0');
    expect(rows[1]).toHaveTextContent('prod');
    expect(rows[1]).toHaveTextContent('plan failed');
    expect(rows[2]).toHaveTextContent('$20.00+$20.00');
    expect(rows[2]).toHaveTextContent('applied');

    expect(await screen.findByTestId('tfpilot-cost-total')).toHaveTextContent(
      '$20.00',
    );
    expect(await screen.findByTestId('tfpilot-drift-state')).toHaveTextContent(
      'In sync',
    );
  });

  it('pages through many requests', async () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      makeRequest({
        status: 'submitted',
        updatedAt: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
      }),
    );
    const api = fakeTfpilotApi({ requests: many });
    await renderForEntity(<EntityTfpilotContent />, { api });

    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(21);
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() =>
      expect(within(table).getAllByRole('row')).toHaveLength(26),
    );
    expect(
      screen.queryByRole('button', { name: 'Show more' }),
    ).not.toBeInTheDocument();
  });

  it('offers to request a module when there are none', async () => {
    const api = fakeTfpilotApi({});
    await renderForEntity(<EntityTfpilotContent />, { api });

    expect(
      await screen.findByText('No infrastructure requested for Checkout yet'),
    ).toBeVisible();
    expect(
      screen.getByRole('button', { name: 'Request a module' }),
    ).toHaveAttribute(
      'href',
      '/tfpilot/modules?entityRef=component%3Adefault%2Fcheckout',
    );
    // The tab's cards say they are empty rather than vanish.
    expect(await screen.findByText(/Nothing applied yet, so/)).toBeVisible();
  });

  it('says what failed when the requests cannot be read', async () => {
    const api = fakeTfpilotApi({});
    api.listRequests.mockRejectedValue(new Error('Failed to fetch'));
    await renderForEntity(<EntityTfpilotContent />, {
      api,
      entity: checkoutEntity,
    });
    expect(
      await screen.findByText(
        /Could not load the TfPilot requests of Checkout/,
      ),
    ).toBeVisible();
  });

  it('shows the module page for module entities instead', async () => {
    const api = fakeTfpilotApi({});
    await renderForEntity(<EntityTfpilotContent />, {
      api,
      entity: objectBucket,
    });
    expect(await screen.findByText('Terraform module')).toBeVisible();
    expect(api.listRequests).not.toHaveBeenCalled();
  });
});
