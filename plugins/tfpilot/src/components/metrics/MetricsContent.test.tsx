import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  metricsFixture,
  mockTfpilotApi,
  renderTfpilot,
  responseError,
} from '../../__testUtils__';
import { MetricsContent } from './MetricsContent';

describe('MetricsContent', () => {
  // Renders a whole test app; slow on a busy machine.
  jest.setTimeout(30_000);

  it('shows totals, success rate, apply time and failures, with charts by status, environment and module', async () => {
    const api = mockTfpilotApi({
      getMetrics: jest.fn(async () => metricsFixture()),
    });
    renderTfpilot(<MetricsContent />, { api });

    expect(await screen.findByText('120')).toBeInTheDocument();
    expect(screen.getByText('89.7 %')).toBeInTheDocument();
    expect(screen.getByText('2m 12s')).toBeInTheDocument();
    // In progress = planning 5; awaiting approval 12.
    const tile = (label: string) =>
      screen.getByRole('heading', { name: label }).parentElement!;
    expect(tile('In progress')).toHaveTextContent('5');
    expect(tile('Awaiting approval')).toHaveTextContent('12');

    const byStatus = screen.getByRole('img', { name: 'Requests by status' });
    expect(within(byStatus).getAllByTestId('bar')).toHaveLength(5);
    expect(within(byStatus).getByText('awaiting approval')).toBeInTheDocument();

    const environments = screen.getByRole('table', { name: 'By environment' });
    const prod = within(environments).getByText('prod').closest('tr')!;
    expect(within(prod).getAllByText('—')).toHaveLength(2);
    expect(
      screen.getByRole('img', { name: 'By module: requests' }),
    ).toBeInTheDocument();
  });

  it('says so when there are no requests', async () => {
    const empty = {
      ...metricsFixture(),
      totalRequests: 0,
      byStatus: {},
      byEnvironment: {},
      byModule: {},
    };
    const api = mockTfpilotApi({ getMetrics: jest.fn(async () => empty) });
    renderTfpilot(<MetricsContent />, { api });
    expect(await screen.findByText('No requests yet')).toBeInTheDocument();
  });

  it('says what failed and retries', async () => {
    const getMetrics = jest
      .fn()
      .mockRejectedValueOnce(
        await responseError(403, 'metrics denied', 'NotAllowedError'),
      )
      .mockResolvedValue(metricsFixture());
    renderTfpilot(<MetricsContent />, { api: mockTfpilotApi({ getMetrics }) });
    const alert = await screen.findByRole('alert', {
      name: 'Could not load the metrics',
    });
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('120')).toBeInTheDocument();
  });
});
