import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityTfpilotCostCard as LegacyCostCard } from '../../entity';
import { fakeTfpilotApi, makeRequest } from './__testUtils__/requests';
import { renderForEntity } from './__testUtils__/render';
import { EntityTfpilotCostCard } from './EntityTfpilotCostCard';

const first = makeRequest({
  status: 'applied',
  updatedAt: '2024-05-01T10:00:00.000Z',
  cost: { total: 12.5 },
});
const second = makeRequest({
  status: 'applied',
  updatedAt: '2024-05-03T10:00:00.000Z',
  cost: { total: 30, diff: 30 },
  module: 'message-queue',
});
const unpriced = makeRequest({
  status: 'applied',
  updatedAt: '2024-05-02T10:00:00.000Z',
});
const planned = makeRequest({
  status: 'awaiting_approval',
  updatedAt: '2024-05-04T10:00:00.000Z',
  cost: { total: 999 },
});

describe('EntityTfpilotCostCard', () => {
  it('sums the applied requests and charts the total as they were applied', async () => {
    const api = fakeTfpilotApi({
      requests: [planned, second, unpriced, first],
    });
    await renderForEntity(<LegacyCostCard />, { api });

    expect(await screen.findByTestId('tfpilot-cost-total')).toHaveTextContent(
      '$42.50',
    );
    // Only live requests are asked for.
    expect(api.listRequests).toHaveBeenCalledWith(
      {
        entityRef: ['component:default/checkout'],
        status: ['applied', 'destroying', 'destroy_failed'],
      },
      { limit: 100 },
    );
    expect(screen.getByText('3 applied requests')).toBeVisible();
    expect(
      screen.getByRole('img', {
        name: /from \$12\.50 on 2024-05-01 10:00:00 UTC to \$42\.50 on 2024-05-03 10:00:00 UTC/,
      }),
    ).toBeVisible();
    expect(screen.getByText(/\+\$30\.00 from request/)).toBeVisible();
    expect(screen.getByRole('link', { name: second.id })).toHaveAttribute(
      'href',
      `/tfpilot/requests/${second.id}`,
    );
    expect(
      screen.getByText(
        '1 applied request has no cost estimate and is not counted.',
      ),
    ).toBeVisible();
  });

  it('reads every page of a large entity', async () => {
    const many = Array.from({ length: 130 }, (_, i) =>
      makeRequest({
        status: 'applied',
        updatedAt: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
        cost: { total: 1 },
      }),
    );
    const api = fakeTfpilotApi({ requests: many });
    await renderForEntity(<EntityTfpilotCostCard />, { api });
    expect(await screen.findByTestId('tfpilot-cost-total')).toHaveTextContent(
      '$130.00',
    );
    expect(api.listRequests).toHaveBeenCalledTimes(2);
  });

  it('renders nothing on an overview without applied requests, and says so in the tab', async () => {
    const api = fakeTfpilotApi({ requests: [planned] });
    const { unmount } = await renderForEntity(
      <div data-testid="overview">
        <EntityTfpilotCostCard />
      </div>,
      { api },
    );
    await waitFor(() =>
      expect(screen.getByTestId('overview')).toBeEmptyDOMElement(),
    );
    unmount();

    await renderForEntity(<EntityTfpilotCostCard hideWhenEmpty={false} />, {
      api,
    });
    expect(await screen.findByText(/Nothing applied yet/)).toBeVisible();
  });

  it('says what failed and retries', async () => {
    const api = fakeTfpilotApi({ requests: [first] });
    api.listRequests.mockRejectedValueOnce(new Error('Failed to fetch'));
    await renderForEntity(<EntityTfpilotCostCard />, { api });

    expect(
      await screen.findByText(
        /Could not load the cost of this entity's infrastructure/,
      ),
    ).toBeVisible();
    expect(
      screen.getByText(/The TfPilot backend could not be reached/),
    ).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('tfpilot-cost-total')).toHaveTextContent(
      '$12.50',
    );
  });
});
