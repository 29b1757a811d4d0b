import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import {
  fakeSignals,
  makeRequest,
  metricsFixture,
  mockTfpilotApi,
  renderTfpilot,
  responseError,
} from '../../../__testUtils__';
import { REQUEST_SIGNAL_CHANNEL } from '../../../hooks/useRequestSignal';
import { FILTER_DEBOUNCE_MS } from './RequestFilters';
import { RequestListContent } from './RequestListContent';

/** Shows the current URL, so tests can see what the list wrote into it. */
function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
}

function renderList(
  api: ReturnType<typeof mockTfpilotApi>,
  route = '/tfpilot/requests',
  signals?: ReturnType<typeof fakeSignals>,
) {
  return renderTfpilot(
    <>
      <RequestListContent />
      <LocationProbe />
    </>,
    { api, initialRouteEntries: [route], signals },
  );
}

const location = () => screen.getByTestId('location').textContent;

const pageOf = (n: number, prefix = 'r') =>
  Array.from({ length: n }, (_, i) =>
    makeRequest({
      id: `${prefix}${String(i).padStart(25, '0')}`.slice(0, 26),
      module: { name: `mod-${prefix}-${i}`, version: '1.0.0' },
    }),
  );

describe('RequestListContent', () => {
  // Renders a whole test app; slow on a busy machine.
  jest.setTimeout(30_000);

  it('shows a page of requests with status, entity and owner, linking to each request', async () => {
    const request = makeRequest({ status: 'apply_failed' });
    const api = mockTfpilotApi({
      listRequests: jest.fn(async () => ({ items: [request] })),
    });
    renderList(api);

    const link = await screen.findByRole('link', {
      name: 'object-bucket@1.2.0',
    });
    expect(link).toHaveAttribute('href', `/tfpilot/requests/${request.id}`);
    const row = link.closest('tr')!;
    expect(within(row).getByText('apply failed')).toBeInTheDocument();
    expect(within(row).getByText('dev')).toBeInTheDocument();
    expect(within(row).getByText(/checkout/)).toBeInTheDocument();
    expect(api.listRequests).toHaveBeenCalledWith({}, { limit: 50 });
  });

  it('reads its filters from the URL and asks the backend for them only', async () => {
    const api = mockTfpilotApi({
      listRequests: jest.fn(async () => ({ items: [] })),
    });
    renderList(
      api,
      '/tfpilot/requests?status=planned,applied&environment=prod&limit=25',
    );

    expect(
      await screen.findByText('No requests match these filters'),
    ).toBeInTheDocument();
    expect(api.listRequests).toHaveBeenCalledWith(
      { status: ['planned', 'applied'], environment: ['prod'] },
      { limit: 25 },
    );
    expect(screen.getByText('planned')).toBeInTheDocument();
  });

  it('waits for a pause in typing before filtering, then puts the filter in the URL', async () => {
    jest.useFakeTimers();
    try {
      const api = mockTfpilotApi({
        listRequests: jest.fn(async () => ({ items: [] })),
      });
      renderList(api);
      await act(async () => {});
      expect(api.listRequests).toHaveBeenCalledTimes(1);

      const input = screen.getByLabelText('Environment');
      fireEvent.change(input, { target: { value: 'prod' } });
      fireEvent.keyDown(input, { key: 'Enter' });
      fireEvent.change(screen.getByLabelText('Module'), {
        target: { value: 'postgres-db' },
      });
      fireEvent.keyDown(screen.getByLabelText('Module'), { key: 'Enter' });
      await act(async () => {
        jest.advanceTimersByTime(FILTER_DEBOUNCE_MS - 50);
      });
      expect(api.listRequests).toHaveBeenCalledTimes(1);

      await act(async () => {
        jest.advanceTimersByTime(100);
      });
      expect(location()).toBe('?environment=prod&module=postgres-db');
      expect(api.listRequests).toHaveBeenCalledTimes(2);
      expect(api.listRequests).toHaveBeenLastCalledWith(
        { environment: ['prod'], module: ['postgres-db'] },
        { limit: 50 },
      );
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps what is being typed when the suggestions arrive', async () => {
    let answer: (metrics: ReturnType<typeof metricsFixture>) => void = () => {};
    const api = mockTfpilotApi({
      listRequests: jest.fn(async () => ({ items: [] })),
      getMetrics: jest.fn(
        () =>
          new Promise<ReturnType<typeof metricsFixture>>(resolve => {
            answer = resolve;
          }),
      ),
    });
    renderList(api);
    await screen.findByText('No requests yet');

    const input = screen.getByRole('textbox', { name: 'Environment' });
    await userEvent.click(input);
    await userEvent.type(input, 'pro');
    await act(async () => answer(metricsFixture()));
    expect(input).toHaveValue('pro');
    await userEvent.type(input, 'd{Enter}');
    await waitFor(() => expect(location()).toBe('?environment=prod'));
  });

  it('pages forward with the cursor and back through the cursors it came by', async () => {
    const pages: Record<
      string,
      { items: ReturnType<typeof pageOf>; nextCursor?: string }
    > = {
      first: { items: pageOf(2, 'a'), nextCursor: 'c2' },
      c2: { items: pageOf(2, 'b'), nextCursor: 'c3' },
      c3: { items: pageOf(1, 'c') },
    };
    const api = mockTfpilotApi({
      listRequests: jest.fn(
        async (_filter, page) => pages[page?.cursor ?? 'first'],
      ),
    });
    renderList(api);

    expect(await screen.findByText('mod-a-0@1.0.0')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('mod-b-0@1.0.0')).toBeInTheDocument();
    expect(location()).toBe('?cursor=c2');
    expect(screen.getByText(/Page 2/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('mod-c-0@1.0.0')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await screen.findByText('mod-b-0@1.0.0')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await screen.findByText('mod-a-0@1.0.0')).toBeInTheDocument();
    expect(location()).toBe('');
    expect(api.listRequests).toHaveBeenCalledTimes(5);
  });

  it('starts from the first page when the page size changes', async () => {
    const api = mockTfpilotApi({
      listRequests: jest.fn(async () => ({
        items: pageOf(1),
        nextCursor: 'n',
      })),
    });
    renderList(api, '/tfpilot/requests?cursor=zz');
    await screen.findByText('mod-r-0@1.0.0');
    expect(api.listRequests).toHaveBeenLastCalledWith(
      {},
      { cursor: 'zz', limit: 50 },
    );

    await userEvent.click(screen.getByRole('button', { name: /Per page/ }));
    await userEvent.click(await screen.findByRole('option', { name: '100' }));
    await waitFor(() =>
      expect(api.listRequests).toHaveBeenLastCalledWith({}, { limit: 100 }),
    );
    expect(location()).toBe('?limit=100');
  });

  it('says when there are no requests at all', async () => {
    const api = mockTfpilotApi({
      listRequests: jest.fn(async () => ({ items: [] })),
    });
    renderList(api);
    expect(await screen.findByText('No requests yet')).toBeInTheDocument();
  });

  it('says what failed and retries on request', async () => {
    const listRequests = jest
      .fn()
      .mockRejectedValueOnce(await responseError(503, 'index unavailable'))
      .mockResolvedValue({ items: [makeRequest()] });
    const api = mockTfpilotApi({ listRequests });
    renderList(api);

    const alert = await screen.findByRole('alert', {
      name: 'Could not load the requests',
    });
    expect(within(alert).getAllByText(/503/).length).toBeGreaterThan(0);
    expect(within(alert).getByText(/Retry in a moment/)).toBeInTheDocument();

    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('link', { name: 'object-bucket@1.2.0' }),
    ).toBeInTheDocument();
  });

  it('refetches the page when a signal says a request on it moved', async () => {
    const signals = fakeSignals();
    const request = makeRequest({ status: 'applying', revision: 6 });
    const listRequests = jest
      .fn()
      .mockResolvedValueOnce({ items: [request] })
      .mockResolvedValue({
        items: [{ ...request, status: 'applied', revision: 7 }],
      });
    const api = mockTfpilotApi({ listRequests });
    renderList(api, '/tfpilot/requests', signals);
    expect(await screen.findByText('applying')).toBeInTheDocument();

    act(() =>
      signals.emit(REQUEST_SIGNAL_CHANNEL, {
        requestId: 'someone-else',
        revision: 2,
        status: 'planned',
      }),
    );
    act(() =>
      signals.emit(REQUEST_SIGNAL_CHANNEL, {
        requestId: request.id,
        revision: 7,
        status: 'applied',
      }),
    );
    expect(await screen.findByText('applied')).toBeInTheDocument();
    expect(listRequests).toHaveBeenCalledTimes(2);
  });
});
